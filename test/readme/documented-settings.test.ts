import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_HELP } from '../../src/cli/help.js';
import { createKaleyraClient } from '../../src/index.js';

// What the READMEs and the CLI's help tell a reader to set must be what the SDK (which the CLI uses)
// accepts: every KALEYRA_* value in a shell block, and the KALEYRA_LOG levels wherever they are listed.
const root = fileURLToPath(new URL('../../', import.meta.url));
const markdownFiles = ['README.md', 'examples/README.md'];
const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');

/** Per shell block of a Markdown file, its `KALEYRA_X=value` assignments, placeholders (`A...`) left out. */
function shellAssignments(markdown: string): Array<Record<string, string>> {
  const blocks = [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  return blocks
    .map((block) =>
      Object.fromEntries(
        [...block.matchAll(/\b(KALEYRA_[A-Z_]+)=(\S+)/g)]
          .map(([, name, value]) => [name!, value!] as const)
          .filter(([, value]) => !value.includes('...') && !value.startsWith('<')),
      ),
    )
    .filter((values) => Object.keys(values).length > 0);
}

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('KALEYRA_')) delete process.env[name];
  Object.assign(process.env, saved);
});

/** The client the environment `values` make, as `createKaleyraClient()` with nothing passed. */
function clientFrom(values: Record<string, string>) {
  for (const name of Object.keys(process.env)) if (name.startsWith('KALEYRA_')) delete process.env[name];
  // What a block leaves out, the reader has set as the README's first steps say.
  const where = 'KALEYRA_BASE_URL' in values ? {} : { KALEYRA_POD: 'in' };
  Object.assign(process.env, {
    KALEYRA_SID: 'HXAP16XXXXXX97IN',
    KALEYRA_API_KEY: 'documented-key',
    ...where,
    ...values,
  });
  return createKaleyraClient();
}

/** The levels a `KALEYRA_LOG=a|b|c` mention lists. */
function levelsIn(text: string, where: string): string[] {
  const match = /KALEYRA_LOG=([a-z|]+)/.exec(text);
  if (!match) throw new Error(`${where} names no KALEYRA_LOG levels`);
  return match[1]!.split('|');
}

describe('settings the documentation gives', () => {
  it.each(markdownFiles)('%s: every KALEYRA_* value its shell blocks set is accepted', (file) => {
    const blocks = shellAssignments(read(file));
    expect(blocks.length).toBeGreaterThan(0);
    for (const values of blocks)
      expect(() => clientFrom(values), `${file}: ${JSON.stringify(values)}`).not.toThrow();
  });

  it('examples/README.md sets an API key (the mock example needs one)', () => {
    expect(shellAssignments(read('examples/README.md')).flatMap((values) => Object.keys(values))).toContain(
      'KALEYRA_API_KEY',
    );
  });

  it('KALEYRA_LOG: the README and the CLI help list the same levels, exactly those the SDK takes', () => {
    const readme = levelsIn(read('README.md'), 'README.md');
    const help = levelsIn(CONNECTION_HELP, 'the CLI help');
    expect(help).toEqual(readme);
    for (const level of readme) expect(() => clientFrom({ KALEYRA_LOG: level }), level).not.toThrow();
    // The refusal names the levels the SDK takes; none may be missing from the documentation.
    let refusal = '';
    try {
      clientFrom({ KALEYRA_LOG: 'verbose' });
    } catch (error) {
      refusal = String(error);
    }
    const taken = /must be one of ([\w ,]+?)(?: or (\w+))?$/m.exec(refusal);
    expect(taken, refusal).not.toBeNull();
    const accepted = [...taken![1]!.split(/,\s*/), ...(taken![2] ? [taken![2]] : [])];
    expect([...readme].sort()).toEqual([...accepted].sort());
  });
});
