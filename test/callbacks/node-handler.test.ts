import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyBasicAuth, verifyCallbackToken, type CallbackEvent } from '../../src/callbacks/index.js';
import {
  createNodeCallbackHandler,
  toWebRequest,
  type NodeCallbackHandlerOptions,
} from '../../src/node/index.js';
import { INCOMING_REACTION, LIMIT_GET, UPLOAD_GET, fill } from './fixtures.js';

const TOKEN = 'node-secret-0123456789';
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(
  onEvent: (event: CallbackEvent) => void | Promise<void>,
  options?: NodeCallbackHandlerOptions,
): Promise<string> {
  server = createServer(createNodeCallbackHandler(onEvent, options));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createNodeCallbackHandler over node:http', () => {
  it('sends 200 before a slow onEvent resolves', async () => {
    let release!: () => void;
    let handled = false;
    const received: CallbackEvent[] = [];
    const base = await listen(async (event) => {
      received.push(event);
      await new Promise<void>((resolve) => (release = resolve));
      handled = true;
    });
    const response = await fetch(`${base}/kaleyra`, {
      method: 'POST',
      body: INCOMING_REACTION,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(handled).toBe(false);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({
      kind: 'incoming',
      from: '9197XXXXXXXX',
      message: { type: 'reaction', emoji: '😂' },
    });
    release();
    await vi.waitFor(() => expect(handled).toBe(true));
  });

  it('answers 400 with a short JSON reason for invalid JSON', async () => {
    const onEvent = vi.fn();
    const base = await listen(onEvent);
    const response = await fetch(`${base}/kaleyra`, {
      method: 'POST',
      body: '{"broken":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: 'invalid-json',
      message: 'The request body is not valid JSON.',
    });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 401 for a wrong token and never shows the secret', async () => {
    const onEvent = vi.fn();
    const base = await listen(onEvent, {
      authorize: (request) => verifyCallbackToken(request, { token: TOKEN }),
    });
    const wrong = await fetch(`${base}/kaleyra${LIMIT_GET}&token=wrong`);
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).not.toContain(TOKEN);
    expect(text).toBe('{"ok":false,"error":"unauthorized"}');
    const right = await fetch(`${base}/kaleyra${LIMIT_GET}&token=${TOKEN}`);
    expect(right.status).toBe(200);
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(1));
  });

  it('checks Basic credentials', async () => {
    const base = await listen(vi.fn(), {
      authorize: (request) => verifyBasicAuth(request, { username: 'kaleyra', password: 'pa:ss' }),
    });
    const good = await fetch(`${base}${LIMIT_GET}`, {
      headers: { authorization: `Basic ${btoa('kaleyra:pa:ss')}` },
    });
    const bad = await fetch(`${base}${LIMIT_GET}`, {
      headers: { authorization: `Basic ${btoa('kaleyra:pass')}` },
    });
    expect([good.status, bad.status]).toEqual([200, 401]);
  });

  it('reads quoted GET forms', async () => {
    const events: CallbackEvent[] = [];
    const base = await listen((event) => void events.push(event));
    const query = fill(
      UPLOAD_GET,
      { status: 'FAILED', resumable_media_id: 'rm-1', time: '1722834665' },
      'query',
    );
    expect((await fetch(`${base}/hook${query}`)).status).toBe(200);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      kind: 'upload',
      status: 'failed',
      resumableMediaId: 'rm-1',
      time: new Date(1722834665000),
    });
  });

  it('keeps the connection of a GET callback and of a whole POST alive', async () => {
    const base = new URL(await listen(() => undefined));
    const answer = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: base.hostname,
            port: base.port,
            method,
            path,
            headers: { connection: 'keep-alive', 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // A bodyless GET reaches the listener before node:http marks it complete: answering in that
    // same turn closed the connection (a sender then opens one per callback).
    expect(await answer('GET', '/hook?id=abc:0&status=sent')).toEqual({
      status: 200,
      connection: 'keep-alive',
    });
    expect(await answer('POST', '/hook', '{"status":"sent","message_id":"m-1"}')).toEqual({
      status: 200,
      connection: 'keep-alive',
    });
  });

  it('refuses an oversized body with 400 body-too-large and closes the connection', async () => {
    const base = await listen(vi.fn(), { maxBodyBytes: 1024 });
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/kaleyra`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Chunked, with no Content-Length: the limit has to be enforced while reading.
      req.write('[' + '1,'.repeat(4096));
      setTimeout(() => req.end('1]'), 50);
    });
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ error: 'body-too-large' });
  });

  it('reports onEvent failures to onError', async () => {
    const onError = vi.fn();
    const base = await listen(
      async () => {
        throw new Error('db down');
      },
      { onError },
    );
    expect((await fetch(`${base}${LIMIT_GET}`)).status).toBe(200);
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'db down' }),
        expect.objectContaining({ phase: 'onEvent' }),
      ),
    );
  });
});

describe('toWebRequest', () => {
  it('keeps method, URL, headers and streams the body', async () => {
    const seen = new Promise<{ request: Request; body: string }>((resolve) => {
      server = createServer((req, res) => {
        const request = toWebRequest(req, { baseUrl: 'https://hooks.example.com' });
        // The body is read before answering: node discards an unread body once the response ends.
        void request.text().then((body) => {
          resolve({ request, body });
          res.end();
        });
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server!.address() as AddressInfo).port;
    const sending = fetch(`http://127.0.0.1:${port}/cb?x=1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-test': 'yes' },
    });
    const { request, body } = await seen;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://hooks.example.com/cb?x=1');
    expect(request.headers.get('x-test')).toBe('yes');
    expect(body).toBe('hello');
    await sending;
  });
});
