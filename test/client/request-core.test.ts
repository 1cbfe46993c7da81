import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKaleyraClient,
  KaleyraAbortError,
  KaleyraApiError,
  KaleyraTimeoutError,
  KaleyraUnexpectedResponseError,
  KaleyraValidationError,
  type KaleyraClient,
} from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';

// Behaviour of the one request core, each on a real local server (issue 8, behaviours 1-6, 8-11).
const SID = 'HXAP16XXXXXX97IN';
const KEY = 'Ak3y-0f-the-c0re-t3sts-5e6f7a8b';
const FROM = '+919000000001';
const TO = '+919876543210';
const SENT = JSON.stringify({ code: 'WA202', message: 'ok', data: { message_id: 'm1' }, error: {} });

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bytes: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void | Promise<void>;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server whose handler sees each request after its body arrived (unless `early`). */
async function serve(
  handler: Handler,
  options: { early?: boolean } = {},
): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer(async (req, res) => {
    const hit: Hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: 0 };
    hits.push(hit);
    if (options.early) {
      req.on('data', (chunk: Buffer) => (hit.bytes += chunk.length));
    } else {
      try {
        for await (const chunk of req) hit.bytes += (chunk as Buffer).length;
      } catch {
        return; // the client gave up on the request (a stopped upload)
      }
    }
    await handler(req, res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function clientFor(
  url: string,
  extra: Partial<Parameters<typeof createKaleyraClient>[0]> = {},
): KaleyraClient {
  return createKaleyraClient({ sid: SID, apiKey: KEY, baseUrl: url, from: FROM, maxRetries: 2, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('1. redirects are refused on every path', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: the key and body never reach the other origin, nothing is sent twice (high-level and raw)`, async () => {
      const other = await serve((_req, res) => void res.end(SENT));
      const origin = await serve((_req, res) => {
        res.writeHead(status, { location: `${other.url}/stolen` });
        res.end();
      });
      const client = clientFor(origin.url, { retryMaybeDelivered: true });
      const error = await failure(client.v2Messages.sendText({ to: TO, body: 'hi' }));
      expect(error).toBeInstanceOf(KaleyraApiError);
      expect((error as KaleyraApiError).status).toBe(status);
      expect(error.message).toMatch(/redirect/);
      await expect(
        client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
          params: { path: { sid: SID, phone_number: FROM } },
          body: {
            messaging_object: {
              messaging_product: 'whatsapp',
              recipient_type: 'individual',
              to: TO,
              type: 'text',
              text: { body: 'hi' },
            },
          },
        }),
      ).rejects.toBeInstanceOf(KaleyraApiError);
      await expect(
        client.v1.GET('/v1/{sid}/callback/profiles', { params: { path: { sid: SID } } }),
      ).rejects.toBeInstanceOf(KaleyraApiError);
      expect(other.hits).toHaveLength(0);
      expect(origin.hits).toHaveLength(3);
    });
  }
});

describe("2-3. the timeout and the caller's signal cover reading the answer", () => {
  async function stallingServer() {
    return serve((_req, res) => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.write('{"code":"WA202",');
      // ...and never the rest.
    });
  }

  it('a 2xx whose body stalls fails with KaleyraTimeoutError at about timeoutMs, and is not resent', async () => {
    const server = await stallingServer();
    const started = Date.now();
    const error = await failure(
      clientFor(server.url, { timeoutMs: 300, retryMaybeDelivered: true }).v2Messages.sendText({
        to: TO,
        body: 'hi',
      }),
    );
    expect(error).toBeInstanceOf(KaleyraTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.hits).toHaveLength(1);
  });

  it('the raw clients time out on a stalled body too', async () => {
    const server = await stallingServer();
    const client = clientFor(server.url, { timeoutMs: 300 });
    await expect(
      client.v1.GET('/v1/{sid}/callback/profiles', { params: { path: { sid: SID } } }),
    ).rejects.toBeInstanceOf(KaleyraTimeoutError);
  });

  it('an abort while the body is read gives KaleyraAbortError', async () => {
    const server = await stallingServer();
    const controller = new AbortController();
    const pending = clientFor(server.url, { timeoutMs: 30_000 }).v2Messages.sendText(
      { to: TO, body: 'hi' },
      { signal: controller.signal },
    );
    while (server.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    setTimeout(() => controller.abort(), 100);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(KaleyraAbortError);
    expect(error).not.toBeInstanceOf(DOMException);
  });
});

describe('4. a 2xx that is not the expected JSON', () => {
  const cases: [string, Handler][] = [
    [
      'JSON content type, broken body',
      (_q, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":'),
    ],
    [
      'empty chunked body',
      (_q, res) =>
        void res.writeHead(202, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }).end(),
    ],
    [
      'a text body over 1 MiB',
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(256 * 1024, 'x');
        let left = 40; // 10 MiB, if it were read whole
        const more = () => {
          while (left-- > 0) if (!res.write(chunk)) return void res.once('drain', more);
          res.end();
        };
        more();
      },
    ],
  ];
  for (const [name, handler] of cases) {
    it(`${name}: KaleyraUnexpectedResponseError, accepted, never undefined`, async () => {
      const server = await serve(handler);
      const error = await failure(
        clientFor(server.url, { retryMaybeDelivered: true }).v2Messages.sendText({ to: TO, body: 'hi' }),
      );
      expect(error).toBeInstanceOf(KaleyraUnexpectedResponseError);
      expect((error as KaleyraUnexpectedResponseError).accepted).toBe(true);
      expect(error.message).toMatch(/do not resend/);
      expect(server.hits).toHaveLength(1);
    });
  }
});

describe('5. printing the client shows no key', () => {
  it('console.log / util.inspect / JSON.stringify of the client and every sub-object', () => {
    const client = clientFor('http://127.0.0.1:9');
    const parts: unknown[] = [client, ...Object.values(client)];
    for (const part of parts) {
      expect(inspect(part, { depth: 10, showHidden: true })).not.toContain(KEY);
      expect(JSON.stringify(part) ?? '').not.toContain(KEY);
      expect(String(part)).not.toContain(KEY);
    }
  });
});

describe('6. the key is checked when the client is made', () => {
  it.each([
    ['a NUL', `abc\u0000defghij`],
    ['a tab', `abcdefgh\tij`],
    ['surrounding spaces', ` ${KEY} `],
    ['fewer than 8 characters', 'abc1234'],
    ['a non-ASCII letter', 'abcdéfghij'],
  ])('%s: KaleyraValidationError that does not quote it', (_name, apiKey) => {
    let error: unknown;
    try {
      createKaleyraClient({ sid: SID, apiKey, pod: 'in' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect((error as KaleyraValidationError).field).toBe('apiKey');
    expect(inspect(error)).not.toContain(apiKey.trim());
  });
});

describe('response metadata and per-call headers', () => {
  it('withResponse() gives status and headers; errors carry headers; a caller header never replaces api-key', async () => {
    const server = await serve((req, res) => {
      if (req.headers['x-fail'] === '1') {
        res.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'req-400' });
        return void res.end('{"code":"E400","message":"bad"}');
      }
      res.writeHead(202, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      res.end(SENT);
    });
    const client = clientFor(server.url);
    const { data, response } = await client.v2Messages
      .sendText({ to: TO, body: 'hi' }, { headers: { 'x-correlation-id': 'c-1', 'API-KEY': 'forged' } })
      .withResponse();
    expect(data.data.message_id).toBe('m1');
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(server.hits[0]!.headers['x-correlation-id']).toBe('c-1');
    expect(server.hits[0]!.headers['api-key']).toBe(KEY);
    const error = await failure(
      client.v2Messages.sendText({ to: TO, body: 'hi' }, { headers: { 'x-fail': '1' } }),
    );
    expect((error as KaleyraApiError).headers['x-request-id']).toBe('req-400');
  });
});

describe('8-9. uploads from a stream of undeclared size, and failed uploads', () => {
  function endless(chunk: Uint8Array, reads: { count: number }): ReadableStream<Uint8Array> {
    let first = true;
    return new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          reads.count++;
          controller.enqueue(first ? withBody(MAGIC.png, 1024) : chunk);
          first = false;
        },
      },
      { highWaterMark: 0 },
    );
  }

  it("stops with KaleyraValidationError once the kind's limit is passed, having sent barely more", async () => {
    const server = await serve((_req, res) => void res.end(SENT));
    const reads = { count: 0 };
    const error = await failure(
      clientFor(server.url).media.upload({
        file: { stream: endless(new Uint8Array(256 * 1024), reads), name: 'a.png' },
      }),
    );
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect((error as KaleyraValidationError).rule).toBe('max-bytes');
    // The image limit is 5 MB: the stream was stopped within a chunk of it.
    expect(reads.count * 256 * 1024).toBeLessThan(5_000_000 + 3 * 256 * 1024);
  });

  it('after a timeout the file is no longer read, and progress never reached 100%', async () => {
    // The server takes the headers and a little of the body, then stops reading.
    const server = await serve((req) => void req.pause(), { early: true });
    const file = withBody(MAGIC.png, 20_000_000);
    const reads = { count: 0 };
    const chunks = Math.ceil(file.byteLength / 65_536);
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (reads.count >= chunks) return controller.close();
          controller.enqueue(file.subarray(reads.count * 65_536, ++reads.count * 65_536));
        },
      },
      { highWaterMark: 0 },
    );
    const reports: [number, number | undefined][] = [];
    const error = await failure(
      clientFor(server.url, { timeoutMs: 400 }).media.uploadResumable({
        wabaId: '150441234142241',
        file: { stream, name: 'big.png', size: file.byteLength },
        onProgress: (sent, total) => reports.push([sent, total]),
      }),
    );
    expect(error).toBeInstanceOf(KaleyraTimeoutError);
    const readsAtFailure = reads.count;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads.count).toBeLessThanOrEqual(readsAtFailure + 1);
    expect(reads.count).toBeLessThan(chunks);
    expect(reports.some(([sent, total]) => total !== undefined && sent >= total)).toBe(false);
  });
});

describe('10. upload names and ids', () => {
  it('a control character in a file name is refused, nothing sent', async () => {
    const server = await serve((_req, res) => void res.end(SENT));
    const client = clientFor(server.url);
    await expect(
      client.media.upload({ file: withBody(MAGIC.png), name: 'a\u0007b.png' }),
    ).rejects.toMatchObject({ field: 'file', rule: 'file-name' });
    expect(server.hits).toHaveLength(0);
  });

  it('the resumable name rule is checked on the name as sent (a quote goes out as %22)', async () => {
    const server = await serve((_req, res) => void res.end(SENT));
    await expect(
      clientFor(server.url).media.uploadResumable({
        wabaId: '150441234142241',
        file: withBody(MAGIC.png),
        name: 'a"b.png',
      }),
    ).rejects.toMatchObject({ rule: 'file-name' });
    expect(server.hits).toHaveLength(0);
  });

  it('over-long ids are refused', async () => {
    const server = await serve((_req, res) => void res.end(SENT));
    const client = clientFor(server.url);
    const long = '1'.repeat(40);
    await expect(client.templates.list({ wabaId: long })).rejects.toMatchObject({ field: 'wabaId' });
    await expect(client.flows.publish({ flowId: long })).rejects.toMatchObject({ field: 'flowId' });
    await expect(
      client.templates.delete({ wabaId: '150441234142241', name: 'x', templateId: long }),
    ).rejects.toMatchObject({ field: 'templateId' });
    await expect(
      client.v2Messages.sendText({ to: TO, body: 'hi', extraInfo: { callbackProfileId: 'p'.repeat(200) } }),
    ).rejects.toMatchObject({ field: 'extraInfo.callbackProfileId' });
    expect(server.hits).toHaveLength(0);
  });
});

describe('11. baseUrl', () => {
  it.each([
    'https://proxy.example.com/kaleyra?token=1',
    'https://proxy.example.com/kaleyra#x',
    'https://proxy.example.com/?',
  ])('%s is refused', (baseUrl) => {
    expect(() => createKaleyraClient({ sid: SID, apiKey: KEY, baseUrl })).toThrow(KaleyraValidationError);
  });
});
