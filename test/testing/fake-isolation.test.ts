import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKaleyraClient,
  KaleyraServerError,
  parseCallback,
  type CallbackEvent,
} from '../../src/index.js';
import { createCallbackDispatcher } from '../../src/testing/callback-dispatcher.js';
import type { PlannedCallback } from '../../src/testing/send-callbacks.js';
import { startFakeKaleyra, type FakeKaleyra } from '../../src/testing/index.js';

// Issue 20: a request still streaming its body when reset() ran leaked into the next test (recorded
// there, took its failNext, sent its callbacks after the reset); the requests log grew without end;
// and the mock's callbacks waited in one serial chain behind a receiver that never answers.
const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const client = (fake: FakeKaleyra) =>
  createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'isolation-key',
    baseUrl: fake.baseUrl,
    from: '+919876543210',
    maxRetries: 0,
  });

describe('kaleyra-whatsapp/testing: reset() isolates tests', () => {
  it('a request still streaming at reset() is answered, but not recorded, takes no failNext and sends no callbacks', async () => {
    const events: CallbackEvent[] = [];
    const fake = await startFakeKaleyra({
      callbacks: async (request) => {
        const parsed = await parseCallback(request);
        if (parsed.ok) events.push(parsed.event);
        return new Response(null, { status: 200 });
      },
    });
    stops.push(() => fake.stop());
    const { port } = new URL(fake.baseUrl);
    const body = JSON.stringify({
      messaging_object: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+919812345678',
        type: 'text',
        text: { body: 'old test' },
      },
    });
    // The previous test's send: headers and half the body now, the rest after the reset.
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages',
          headers: {
            'content-type': 'application/json',
            'api-key': 'isolation-key',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        fake.reset();
        fake.failNext(1, { status: 503 }); // meant for this test's first send
        req.end(body.slice(20));
      }, 100);
    });
    const old = await answered;
    expect(old.status).toBe(202);
    const oldId = (JSON.parse(old.text) as { data: { message_id: string } }).data.message_id;

    // This test's send takes the failure it asked for.
    await expect(
      client(fake).v2Messages.sendText({ to: '+919812345678', body: 'new test' }),
    ).rejects.toBeInstanceOf(KaleyraServerError);
    const sent = await client(fake).v2Messages.sendText({ to: '+919812345678', body: 'new test' });
    await fake.callbacksSent();
    expect(
      fake.requests.map(
        (r) => (r.body as { messaging_object: { text: { body: string } } }).messaging_object.text.body,
      ),
    ).toEqual(['new test', 'new test']);
    const ids = new Set(events.flatMap((event) => (event.kind === 'status' ? [event.messageId] : [])));
    expect(ids.has(sent.data.message_id)).toBe(true);
    expect(ids.has(oldId)).toBe(false);
  });

  it('callbacks queued before reset() are not sent after it', async () => {
    const events: CallbackEvent[] = [];
    const fake = await startFakeKaleyra({
      callbackDelayMs: 100,
      callbacks: async (request) => {
        const parsed = await parseCallback(request);
        if (parsed.ok) events.push(parsed.event);
        return new Response(null, { status: 200 });
      },
    });
    stops.push(() => fake.stop());
    await client(fake).v2Messages.sendText({ to: '+919812345678', body: 'before' });
    fake.reset();
    await fake.callbacksSent();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(events.length).toBeLessThanOrEqual(1); // at most the one already under way
  });

  it('keeps only the latest maxRecordedRequests', async () => {
    const fake = await startFakeKaleyra({ maxRecordedRequests: 5 });
    stops.push(() => fake.stop());
    for (let i = 0; i < 8; i++)
      await client(fake).v2Messages.sendText({ to: '+919812345678', body: `n${i}` });
    expect(fake.requests).toHaveLength(5);
    expect(
      fake.requests.map(
        (r) => (r.body as { messaging_object: { text: { body: string } } }).messaging_object.text.body,
      ),
    ).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
  });
});

describe('the callback dispatcher (kaleyra-wa mock --callback-url, the fake)', () => {
  async function listen(
    handler: Parameters<typeof createServer>[1],
  ): Promise<{ url: string; server: Server }> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, server };
  }
  const status = (url: string): PlannedCallback => ({
    to: { url },
    delivery: { method: 'POST', json: { status: 'delivered' } } as PlannedCallback['delivery'],
  });

  it('a receiver that never answers delays only its own callbacks, and what waits for it is bounded and reported', async () => {
    const stuck = await listen(() => undefined); // reads nothing, answers nothing
    let healthyAt = 0;
    const healthy = await listen((_req, res) => {
      healthyAt = Date.now();
      res.end();
    });
    const dropped: unknown[] = [];
    const dispatcher = createCallbackDispatcher({
      delayMs: 0,
      maxPending: 50,
      timeoutMs: 30_000,
      onDelivery: (_callback, outcome) => 'error' in outcome && dropped.push(outcome.error),
    });
    stops.push(() => dispatcher.close());
    for (let i = 0; i < 500; i++)
      dispatcher.dispatch([status(stuck.url), status(stuck.url), status(stuck.url)]);
    // 8 in flight, 50 waiting: the other 442 requests' callbacks are dropped at once, and said so.
    expect(dispatcher.pending()).toBeLessThanOrEqual(58);
    expect(dropped).toHaveLength(442 * 3);
    expect(String(dropped[0])).toMatch(/not sent: over 50 requests' callbacks were waiting/);

    const started = Date.now();
    dispatcher.dispatch([status(healthy.url)]);
    await expect.poll(() => healthyAt, { timeout: 3_000 }).toBeGreaterThan(0);
    expect(healthyAt - started).toBeLessThan(2_000);
  });
});
