import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeCallbackHandler } from '../../src/node/index.js';
import { statusCallback } from './inbox-payloads.js';

// Issue 20: the Node receiver reads node:http directly instead of through a web Request. What it
// hands `authorize` and how it treats a body someone else read are part of that contract.
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(listener: (req: IncomingMessage, res: import('node:http').ServerResponse) => void) {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createNodeCallbackHandler reads node:http itself', () => {
  it('gives authorize the method, URL and headers of the request, without its body', async () => {
    const seen: Array<{ method: string; url: string; header: string | null; body: unknown }> = [];
    const onEvent = vi.fn();
    const handler = createNodeCallbackHandler(onEvent, {
      baseUrl: 'https://hooks.example.com',
      authorize: (request) => {
        seen.push({
          method: request.method,
          url: request.url,
          header: request.headers.get('x-profile'),
          body: request.body,
        });
        return true;
      },
    });
    const base = await listen(handler);
    const response = await fetch(`${base}/kaleyra?token=t`, {
      method: 'POST',
      body: statusCallback('n-1'),
      headers: { 'content-type': 'application/json', 'x-profile': 'p-1' },
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { method: 'POST', url: 'https://hooks.example.com/kaleyra?token=t', header: 'p-1', body: null },
    ]);
    await vi.waitFor(() =>
      expect(onEvent).toHaveBeenCalledWith(expect.objectContaining({ messageId: 'n-1' })),
    );
  });

  it('refuses at once a body another listener already read, instead of waiting for the body timeout', async () => {
    const handler = createNodeCallbackHandler(vi.fn(), { bodyTimeoutMs: 5_000 });
    const base = await listen((req, res) => {
      req.resume();
      req.once('end', () => handler(req, res));
    });
    const started = Date.now();
    const response = await fetch(`${base}/kaleyra`, {
      method: 'POST',
      body: statusCallback('n-2'),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unreadable-body' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
