import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startRecordingServer, type RecordingServer } from './recording-server.js';

let server: RecordingServer;
beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await server.close();
});

/** Sends exact bytes with node:http so the test controls framing that fetch would normalise. */
function rawPost(headers: Record<string, string>, chunks: Uint8Array[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/raw?x=1`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('recording server', () => {
  it('parses a FormData body sent by fetch byte-exact', async () => {
    const bytes = new Uint8Array(300).map((_, i) => i % 256);
    const form = new FormData();
    form.append('type', 'image/png');
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'a.png');
    const res = await fetch(`${server.url}/v2/sid/media?q=1`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ code: 'WA202' });

    const [req] = server.requests;
    expect(req?.path).toBe('/v2/sid/media?q=1');
    expect(req?.contentLengthMatched).toBe(true);
    expect(req?.parts?.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['type', undefined, undefined],
      ['file', 'a.png', 'image/png'],
    ]);
    expect(req?.parts?.[1]?.bytes).toEqual(bytes);
  });

  it('makes parts throw when the closing delimiter is missing', async () => {
    const body = new TextEncoder().encode(
      '--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b1\r\n',
    );
    await rawPost(
      { 'content-type': 'multipart/form-data; boundary=b1', 'content-length': String(body.length) },
      [body],
    );
    const req = server.requests[0]!;
    expect(req.multipartError).toMatch(/delimiter|unterminated/);
    expect(() => req.parts).toThrow(/malformed multipart/);
  });

  it('rejects a part whose bytes are followed by a different boundary', async () => {
    const body = new TextEncoder().encode(
      '--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b2--\r\n',
    );
    await rawPost({ 'content-type': 'multipart/form-data; boundary=b1' }, [body]);
    expect(() => server.requests[0]!.parts).toThrow();
  });

  it('records chunked transfer and urlencoded forms', async () => {
    const enc = new TextEncoder();
    await rawPost({ 'content-type': 'application/x-www-form-urlencoded' }, [
      enc.encode('to=%2B91&type='),
      enc.encode('text'),
    ]);
    const req = server.requests[0]!;
    expect(req.chunked).toBe(true);
    expect(req.contentLengthMatched).toBeUndefined();
    expect(req.form).toEqual({ to: '+91', type: 'text' });
  });

  it('plays queued responses in order, then the default', async () => {
    server.respondWith(
      { status: 429, headers: { 'Retry-After': '1' }, body: { code: 'WA429' } },
      { status: 200, body: 'ok' },
    );
    const a = await fetch(server.url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const b = await fetch(server.url);
    const c = await fetch(server.url);
    expect([a.status, a.headers.get('retry-after'), await a.json()]).toEqual([429, '1', { code: 'WA429' }]);
    expect([b.status, await b.text()]).toEqual([200, 'ok']);
    expect(c.status).toBe(202);
    expect(server.requests[0]?.json).toEqual({});
  });

  it('can drop the connection', async () => {
    server.respondWith({ destroySocket: true });
    await expect(fetch(server.url, { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });
});
