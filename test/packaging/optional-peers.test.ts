import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// bullmq and ioredis are optional peers: only the entry points built for them may load them, in the
// built files (a bundler can turn a lazy import into a static one, so the source proves nothing).
const root = fileURLToPath(new URL('../../', import.meta.url));
const PEER_ENTRIES = new Set(['broadcast-bullmq', 'callbacks-bullmq']);
const loads = (code: string, name: string) =>
  new RegExp(`(from\\s*|require\\(|import\\()\\s*["']${name}(/[^"']*)?["']`).test(code);

describe('optional peers in the built entry points', () => {
  // Every entry point's bundle (lib/esm/<name>.js and lib/cjs/<name>.js); the CLI is not importable.
  const cases = ['esm', 'cjs'].flatMap((format) =>
    readdirSync(join(root, 'lib', format))
      .filter((file) => file.endsWith('.js') && file !== 'cli.js')
      .map((file) => [`lib/${format}/${file}`, file.replace(/\.js$/, '')] as const),
  );
  it('covers both BullMQ entry points', () => {
    expect(cases.filter(([, name]) => PEER_ENTRIES.has(name))).toHaveLength(4);
  });
  it.each(cases)('%s loads bullmq and ioredis only if it is a BullMQ entry point', (file, name) => {
    const code = readFileSync(join(root, file), 'utf8');
    const expected = PEER_ENTRIES.has(name);
    expect(loads(code, 'bullmq')).toBe(expected);
    expect(loads(code, 'ioredis')).toBe(false);
  });
});
