import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// The core is web-standard so it runs beyond Node. Deno and Bun come from the npm registry (the
// `deno` and `bun` devDependencies ship their binaries), and each runs the built ESM package: a JSON
// send, a streamed multipart upload, a callback parse and a refused input. Needs `npm run build`.
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
let server: RecordingServer;

beforeAll(async () => {
  if (!existsSync(join(root, 'lib', 'esm', 'index.js')))
    throw new Error('lib/esm is missing: run `npm run build` first');
  server = await startRecordingServer();
});
afterAll(() => server?.close());

// Deno sends a stream body chunked whatever Content-Length says; Bun keeps the exact length.
const runtimes: Array<[string, string, string[], 'chunked' | 'exact-length']> = [
  [
    'Deno',
    bin('deno'),
    ['run', '--allow-net', '--allow-read', '--allow-env', '--no-prompt', 'test/runtimes/runtime-smoke.mjs'],
    'chunked',
  ],
  ['Bun', bin('bun'), ['test/runtimes/runtime-smoke.mjs'], 'exact-length'],
];

describe.each(runtimes)('%s', (_name, command, args, framing) => {
  it('sends a message, streams an upload, parses a callback and refuses bad input', async () => {
    server.requests.length = 0;
    server.respondWith(
      {
        status: 202,
        body: {
          code: 'WA202',
          message: 'Request Accepted',
          data: { message_id: 'wamid.RUNTIME' },
          error: {},
        },
      },
      {
        status: 202,
        body: { code: 'WA202', message: 'ok', data: { id: '639', status: 'PENDING' }, error: {} },
      },
    );
    const { stdout } = await promisify(execFile)(command, args, {
      cwd: root,
      env: { ...process.env, SINK: server.url, NO_COLOR: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.text.data.message_id).toBe('wamid.RUNTIME');
    expect(result.upload.data).toEqual({ id: '639', status: 'PENDING' });
    expect(result.callback).toEqual({ kind: 'upload', status: 'uploaded' });
    expect(result.refused).toBe('KaleyraValidationError:to:e164');

    expect(server.requests).toHaveLength(2);
    const [text, upload] = server.requests;
    expect(text!.headers['api-key']).toBe('runtime-key');
    expect(text!.json).toMatchObject({
      messaging_object: { type: 'text', text: { body: 'hello from another runtime' } },
    });
    expect(upload!.parts!.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['file', 'logo.png', 'image/png'],
      ['type', undefined, undefined],
    ]);
    expect(upload!.parts![0]!.bytes.byteLength).toBe(80);
    // The SDK's own streamed multipart body (its boundary), not a FormData fallback.
    expect(upload!.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=----KaleyraFormBoundary/,
    );
    if (framing === 'chunked') expect(upload!.chunked).toBe(true);
    else expect(upload!.contentLengthMatched).toBe(true);
  }, 60_000);
});
