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

  // Each of these was wrong in SDK.md as of issue 19.
  const text = () => readFileSync(`${root}SDK.md`, 'utf8');
  /** The text of the section under the heading that is exactly `heading`, up to the next heading. */
  const section = (heading: string) => {
    const lines = text().split('\n');
    const start = lines.findIndex((line) => line === heading);
    if (start < 0) return undefined;
    const end = lines.findIndex((line, i) => i > start && /^#{1,6} /.test(line));
    return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
  };

  it("shows createKaleyraClient's options, member by member, and does not leave KaleyraClientOptions a bare name", () => {
    const create = section('#### `createKaleyraClient(options?: Partial<KaleyraClientOptions>): KaleyraClient`');
    for (const option of ['sid', 'apiKey', 'pod', 'baseUrl', 'from', 'fetch', 'timeoutMs', 'maxRetries', 'logger'])
      expect(create, option).toMatch(new RegExp(`^\\| \`${option}\` \\| \``, 'm'));
    expect(text()).not.toMatch(/^- `KaleyraClientOptions`$/m);
    expect(text()).toMatch(/^- `KaleyraClientOptions`: .*Members: see `createKaleyraClient`/m);
    // No options interface is a bare name: its members are in a table somewhere.
    expect(text().match(/^- `\w+Options`$/gm) ?? []).toEqual([]);
  });

  it('describes KaleyraClient', () => {
    const client = section('### `KaleyraClient`');
    expect(client?.trim().split('\n')[0]).toMatch(/^A client for one Kaleyra account/);
    expect(text()).not.toContain('(no description)');
  });

  it('names symbol-keyed members as written, not as the checker spells them', () => {
    expect(text()).not.toMatch(/__@\w+@\d+/);
    expect(text()).toContain('`[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined>`');
  });

  it('leaves out members tagged @internal: Redactor.reveal() is not public API', () => {
    const redactor = text().slice(text().indexOf('### `Redactor`'));
    expect(redactor).toContain('#### `text(text: string): string`');
    expect(text()).not.toMatch(/`reveal\(/);
  });
});
