// Finds the TypeScript blocks of a Markdown file and turns each into a module that can be type-checked
// and run on its own. A block may use names a reader has from context (`kaleyra`, `to`, `wabaId`, ...):
// the context below supplies the ones the block uses and does not declare itself. A block opts out of
// running (or of everything) only with a reason, in a comment on the line before its fence:
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
 * What a reader of the README has in scope without it being written in every block. Each entry is
 * added to a block that uses the name without declaring it. At run time `kaleyra` points at the mock
 * (KALEYRA_BASE_URL), and the files the blocks name exist in the working directory.
 */
const context: Array<{ name: string; code: string; needs?: string[] }> = [
  { name: 'sid', code: "const sid = process.env.KALEYRA_SID ?? 'HXAP16XXXXXX97IN';" },
  { name: 'apiKey', code: "const apiKey = process.env.KALEYRA_API_KEY ?? 'readme-key';" },
  {
    name: 'kaleyra',
    needs: ['sid', 'apiKey'],
    code: "const kaleyra = __createKaleyraClient({ sid, apiKey, baseUrl: process.env.KALEYRA_BASE_URL ?? 'http://127.0.0.1:4010', from: '+919876543210' });",
  },
  { name: 'to', code: "const to = '+919812345678';" },
  // The Broadcasts section's customer list and the jobs made from it.
  {
    name: 'customers',
    code: "const customers = [{ id: 'c-1', phone: '+919812345678', firstName: 'Asha', orderId: '42' }];",
  },
  {
    name: 'jobs',
    code: "const jobs: import('kaleyra-whatsapp/broadcast').BroadcastJob[] = [{ key: 'c-1', api: 'v2', kind: 'text', message: { to: '+919812345678', body: 'Hello' } }];",
  },
  { name: 'wabaId', code: "const wabaId = '150441234142241';" },
  // A PNG's signature and header chunk, then filler: what `await readFile('photo.png')` would give.
  {
    name: 'bytes',
    code: 'const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array(240).fill(7)]);',
  },
  { name: 'size', code: 'const size = 256;' },
  {
    name: 'stream',
    needs: ['size'],
    // An MP4 (ftyp box) body of `size` bytes, as a web stream.
    code: 'const stream = new ReadableStream<Uint8Array>({ start(c) { const b = new Uint8Array(size); b.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0, 0x69, 0x73, 0x6f, 0x6d, 0x61, 0x76, 0x63, 0x31]); c.enqueue(b); c.close(); } });',
  },
  // The Workers runtime's type (from @cloudflare/workers-types, which a Workers project has installed).
  {
    name: 'ExecutionContext',
    code: 'interface ExecutionContext { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void }',
  },
];

function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(
    /\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g,
  ))
    names.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var)\s*\{([^}]*)\}/g))
    for (const n of m[1]!.split(',')) names.add(n.split(':').pop()!.trim());
  for (const m of code.matchAll(/\bimport\s*(?:type\s*)?\{([^}]*)\}/g))
    for (const n of m[1]!.split(','))
      names.add(
        n
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  for (const m of code.matchAll(/\bimport\s+([A-Za-z_$][\w$]*)\s+from/g)) names.add(m[1]!);
  return names;
}

/** The block as a module: the context it needs, then the block as written. */
export function blockModule(block: CodeBlock): string {
  const declared = declaredNames(block.code);
  const used = (name: string) =>
    new RegExp(`(^|[^\\w$.'"])${name.replace(/\$/g, '\\$')}\\b`).test(block.code);
  const wanted = new Set<string>();
  const want = (name: string) => {
    const entry = context.find((c) => c.name === name)!;
    for (const need of entry.needs ?? []) if (!declared.has(need)) want(need);
    wanted.add(name);
  };
  for (const entry of context) if (used(entry.name) && !declared.has(entry.name)) want(entry.name);
  const prelude = context.filter((c) => wanted.has(c.name)).map((c) => c.code);
  if (wanted.has('kaleyra'))
    prelude.unshift("import { createKaleyraClient as __createKaleyraClient } from 'kaleyra-whatsapp';");
  return `${prelude.join('\n')}\n// ---- README block ----\n${block.code}\nexport {};\n`;
}
