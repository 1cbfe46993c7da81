import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraApiError, parseCallback, type CallbackEvent } from '../../src/index.js';
import { startFakeKaleyra, type FakeKaleyra } from '../../src/testing/index.js';

// Written as a user of `kaleyra-whatsapp/testing` would write their own test: the SDK pointed at the
// fake, assertions on what it recorded, injected failures, and callbacks into a handler.
describe('kaleyra-whatsapp/testing: a fake Kaleyra in a user test', () => {
  let fake: FakeKaleyra;
  const received: CallbackEvent[] = [];

  beforeEach(async () => {
    received.length = 0;
    fake = await startFakeKaleyra({
      callbacks: async (request) => {
        const parsed = await parseCallback(request);
        if (parsed.ok) received.push(parsed.event);
        return new Response(null, { status: parsed.ok ? 200 : 400 });
      },
    });
  });
  afterEach(() => fake.stop());

  const client = () =>
    createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'test-key',
      baseUrl: fake.baseUrl,
      from: '+919876543210',
    });

  it('records the send, typed by its operation', async () => {
    const sent = await client().v2Messages.sendText({
      to: '+919812345678',
      body: 'Your order has shipped',
      extraInfo: { ref: 'order-42' },
    });
    const [request] = fake.requestsOf('sendV2Message');
    expect(fake.requests).toHaveLength(1);
    expect(request!.pathParams).toEqual({ sid: 'HXAP16XXXXXX97IN', phone_number: '+919876543210' });
    expect(request!.body.messaging_object).toMatchObject({
      to: '+919812345678',
      type: 'text',
      text: { body: 'Your order has shipped' },
    });
    expect(request!.body.extra_info?.ref).toBe('order-42');
    expect(request!.violations).toEqual([]);
    expect(request!.hasApiKey).toBe(true);
    expect(JSON.stringify(fake.requests)).not.toContain('test-key');
    expect(request!.response).toEqual({ status: 202, body: sent });
  });

  it('gives each send its own id', async () => {
    const a = await client().v2Messages.sendText({ to: '+919812345678', body: 'one' });
    const b = await client().v2Messages.sendText({ to: '+919812345678', body: 'two' });
    expect(a.data.message_id).not.toBe(b.data.message_id);
  });

  it('answers a 429 as the API does, and the SDK retries it into a success', async () => {
    fake.failNext(1, 'WA429');
    const sent = await client().v2Messages.sendText({ to: '+919812345678', body: 'Hi' });
    expect(fake.requests.map((r) => r.response.status)).toEqual([429, 202]);
    expect(fake.requests[0]!.response.body).toMatchObject({ code: 'WA429' });
    expect(sent.data.message_id).toBe(
      (fake.requests[1]!.response.body as { data: { message_id: string } }).data.message_id,
    );
  });

  it('refuses a body the document refuses, with the documented 400', async () => {
    const response = await fetch(`${fake.baseUrl}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'k' },
      body: JSON.stringify({
        messaging_object: { messaging_product: 'whatsapp', to: '+919812345678', type: 'hologram' },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'WA400' });
    expect(fake.requests[0]!.violations.length).toBeGreaterThan(0);
  });

  it('answers 401 without an api-key', async () => {
    const response = await fetch(`${fake.baseUrl}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('sends sent, delivered and read for the returned id, in order', async () => {
    const sent = await client().v2Messages.sendText({ to: '+919812345678', body: 'Hi' });
    await fake.callbacksSent();
    expect(
      received.map((event) =>
        event.kind === 'status' ? [event.status, event.messageId, event.recipient] : event.kind,
      ),
    ).toEqual([
      ['sent', sent.data.message_id, '919812345678'],
      ['delivered', sent.data.message_id, '919812345678'],
      ['read', sent.data.message_id, '919812345678'],
    ]);
  });

  it('turns a Meta error code into a failed status with that code', async () => {
    fake.failNext(1, '131026');
    const sent = await client().v2Messages.sendText({ to: '+919812345678', body: 'Hi' });
    await fake.callbacksSent();
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(event).toMatchObject({
      kind: 'status',
      status: 'failed',
      messageId: sent.data.message_id,
      errors: [{ code: '131026' }],
    });
  });

  it('answers a documented code with its status and body', async () => {
    fake.failNext(1, 'E110');
    const error = await client()
      .v2Messages.sendText({ to: '+919812345678', body: 'Hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraApiError);
    expect(error).toMatchObject({ status: 400, code: 'E110' });
  });

  it('records an upload by file name, type and size', async () => {
    const file = new File([new Uint8Array(2048).fill(7)], 'brochure.pdf', { type: 'application/pdf' });
    const uploaded = await client().media.uploadResumable({ wabaId: '150441234142241', file });
    const [request] = fake.requestsOf('uploadResumableMedia');
    expect(request!.files).toEqual([
      { field: 'file', name: 'brochure.pdf', type: 'application/pdf', size: 2048 },
    ]);
    expect(request!.body).toMatchObject({ type: 'application/pdf' });
    await fake.callbacksSent();
    expect(received).toMatchObject([
      { kind: 'upload', resumableMediaId: uploaded.data.id, fileName: 'brochure.pdf' },
    ]);
  });

  it('fires any catalogue event into the handler', async () => {
    expect(await fake.trigger('incoming.text', { recipient: '+919800000001' })).toBe(200);
    expect(received).toMatchObject([{ kind: 'incoming', from: '919800000001', message: { type: 'text' } }]);
    await expect(fake.trigger('incoming.hologram')).rejects.toThrow(/unknown callback event/);
  });

  it('holds an answer back when told to', async () => {
    fake.delayNext(300);
    const started = Date.now();
    await client().v2Messages.sendText({ to: '+919812345678', body: 'Hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
