import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraMediaDownloadError, type KaleyraClient } from '../../src/index.js';
import { downloadMediaToFile } from '../../src/node/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';

// Issue 20: incoming media could not be fetched. Downloads go through the client's core, with a cap,
// a deadline, the event's MIME type and SHA-256, https-only redirects, and the key only for the
// client's own host. A real local server plays Kaleyra's storage.
const KEY = 'MEDIA-DOWNLOAD-KEY-42';
const png = withBody(MAGIC.png, 200_000);
const sha256 = (bytes: Uint8Array, encoding: 'hex' | 'base64') =>
  createHash('sha256').update(bytes).digest(encoding);
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-media-'));
const seenKeys: Array<string | undefined> = [];

let base = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  seenKeys.push(req.headers['api-key'] as string | undefined);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/media/photo.png' || path === '/v2/media/photo.png') {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    return void res.end(png);
  }
  if (path === '/media/chunked.png') {
    res.writeHead(200, { 'content-type': 'image/png' }); // no length: the cap counts as it reads
    res.write(png.subarray(0, 100_000));
    return void setTimeout(() => res.end(png.subarray(100_000)), 20);
  }
  if (path === '/media/untyped') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    return void res.end(png);
  }
  if (path === '/media/to-http') {
    res.writeHead(302, { location: `${base}/media/photo.png` });
    return void res.end();
  }
  if (path === '/media/trickle') {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.write(png.subarray(0, 1_000));
    return; // never ends
  }
  res.writeHead(404).end();
});
let client: KaleyraClient;
let ownHost: KaleyraClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The client's Kaleyra host is elsewhere (localhost is another origin than 127.0.0.1).
  client = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: KEY,
    baseUrl: 'http://localhost:9',
    from: '+919876543210',
  });
  ownHost = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: KEY,
    baseUrl: `${base}/v2`,
    from: '+919876543210',
  });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('downloadMediaToFile', () => {
  it.each(['hex', 'base64'] as const)(
    'writes the file when size, type and the %s sha256 agree, and sends no key to another host',
    async (encoding) => {
      const path = join(dir, `photo-${encoding}.png`);
      seenKeys.length = 0;
      const file = await downloadMediaToFile(
        client,
        { mediaUrl: `${base}/media/photo.png`, mimeType: 'image/png', sha256: sha256(png, encoding) },
        path,
      );
      expect(file).toEqual({ path, size: png.length, mimeType: 'image/png' });
      expect(Buffer.from(readFileSync(path)).equals(Buffer.from(png))).toBe(true);
      expect(seenKeys).toEqual([undefined]);
    },
  );

  it("sends the key to the client's own Kaleyra host only", async () => {
    seenKeys.length = 0;
    await downloadMediaToFile(ownHost, { mediaUrl: `${base}/v2/media/photo.png` }, join(dir, 'own.png'));
    expect(seenKeys).toEqual([KEY]);
  });

  it.each([
    ['a declared length over the cap', '/media/photo.png', 'too-large'],
    ['a streamed body that passes the cap', '/media/chunked.png', 'too-large'],
  ])('refuses %s and leaves no file', async (_what, path, problem) => {
    const target = join(dir, `capped-${problem}-${path.length}.png`);
    const error = await failure(
      downloadMediaToFile(client, { mediaUrl: `${base}${path}` }, target, { maxBytes: 150_000 }),
    );
    expect(error).toBeInstanceOf(KaleyraMediaDownloadError);
    expect(error).toMatchObject({ problem });
    expect(existsSync(target) || existsSync(`${target}.part`)).toBe(false);
  });

  it('refuses bytes whose sha256 differs, and leaves no file', async () => {
    const target = join(dir, 'bad-hash.png');
    const error = await failure(
      downloadMediaToFile(
        client,
        { mediaUrl: `${base}/media/chunked.png`, sha256: sha256(new Uint8Array(16), 'base64') },
        target,
      ),
    );
    expect(error).toMatchObject({ name: 'KaleyraMediaDownloadError', problem: 'sha256-mismatch' });
    expect(existsSync(target) || existsSync(`${target}.part`)).toBe(false);
  });

  it('refuses an answer or bytes of another type than the event says', async () => {
    const answer = await failure(
      client.media.download({ mediaUrl: `${base}/media/photo.png`, mimeType: 'image/jpeg' }),
    );
    expect(answer).toMatchObject({ problem: 'mime-mismatch' });
    expect(String(answer)).toMatch(/says image\/jpeg but the answer is image\/png/);
    // No type on the answer's side to compare: the bytes' signature decides.
    const bytes = await client.media.download({
      mediaUrl: `${base}/media/untyped`,
      mimeType: 'video/mp4',
    });
    await expect(new Response(bytes.body).arrayBuffer()).rejects.toMatchObject({ problem: 'mime-mismatch' });
  });

  it('refuses a redirect to a non-https URL', async () => {
    const error = await failure(client.media.download({ mediaUrl: `${base}/media/to-http` }));
    expect(String(error)).toMatch(/redirects to a http URL; only https redirects are followed/);
    expect(String(error)).not.toContain(KEY);
  });

  it('stops a body that does not finish within timeoutMs', async () => {
    const started = Date.now();
    const target = join(dir, 'slow.png');
    const error = await failure(
      downloadMediaToFile(client, { mediaUrl: `${base}/media/trickle` }, target, { timeoutMs: 500 }),
    );
    expect(error).toMatchObject({ problem: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(target) || existsSync(`${target}.part`)).toBe(false);
  });

  it('says why an event without a media URL cannot be downloaded', async () => {
    await expect(client.media.download({ mimeType: 'image/png' })).rejects.toMatchObject({
      problem: 'no-url',
    });
  });
});
