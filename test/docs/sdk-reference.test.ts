import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// SDK.md is generated from the source; a change to a public method, option or doc comment must come
// with the regenerated file (`node scripts/sdk-reference.mjs`).
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('SDK.md', () => {
  it('is what scripts/sdk-reference.mjs makes of the current source', () => {
    const run = spawnSync(process.execPath, ['scripts/sdk-reference.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);

  it('lists every resource method of the client with its options', () => {
    const text = readFileSync(`${root}SDK.md`, 'utf8');
    for (const method of ['sendText(message: V2TextOptions', 'sendMediaTemplate(message: V1MediaTemplateOptions', 'uploadResumable(upload: ResumableUploadOptions', 'fileFromPath(path: string | URL']) {
      expect(text).toContain(method);
    }
    expect(text).toMatch(/\| `to` \(required\) \| `string/);
  });
});
