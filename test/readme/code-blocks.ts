// Finds the TypeScript blocks of a Markdown file and turns each into a module that can be type-checked
// and run on its own. Each block is self-contained: it imports and declares every name it uses. A
// block opts out of running (or of everything) only with a reason, in a comment on the line before its fence:
//   <!-- readme-check: no-run: starts a server that runs until stopped -->
//   <!-- readme-check: skip: pseudo-code showing a shape, not a program -->

export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** The section heading the block sits under, for test names. */
  heading: string;
  mode: 'run' | 'typecheck' | 'skip';
  reason?: string;
  /** A malformed opt-out marker, reported by the test. */
  markerError?: string;
}

const checkedLanguages = new Set(['ts', 'typescript', 'js', 'javascript', 'mts']);

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const title = /^#{1,6}\s+(.*)$/.exec(line);
    if (title) heading = title[1]!.trim();
    const fence = /^(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (!fence) continue;
    const fenceLine = i + 1;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]!));
    const lang = fence[2]!.toLowerCase();
    const code = lines.slice(i + 1, end).join('\n');
    const previous = lines[i - 1] ?? '';
    i = end;
    if (!checkedLanguages.has(lang)) continue;
    const block: CodeBlock = { line: fenceLine, lang, code, heading, mode: 'run' };
    const marker = /<!--\s*readme-check:\s*([\w-]+)\s*(?::\s*(.*?))?\s*-->/.exec(previous);
    if (marker) {
      const [, kind, reason] = marker;
      if (kind !== 'no-run' && kind !== 'skip')
        block.markerError = `unknown marker "${kind}" (use no-run or skip)`;
      else if (!reason || reason.trim().length < 10) block.markerError = `marker "${kind}" needs a reason`;
      else {
        block.mode = kind === 'no-run' ? 'typecheck' : 'skip';
        block.reason = reason.trim();
      }
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * The block as a module, exactly as written: nothing is supplied from context. A reader copies one
 * block into a file, so a name it uses and does not declare or import (`kaleyra`, `to`, `bytes`)
 * must fail the type-check, as it would in the reader's editor.
 */
export function blockModule(block: Pick<CodeBlock, 'code'>): string {
  return `${block.code}\nexport {};\n`;
}
