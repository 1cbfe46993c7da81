import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createKaleyraClient,
  KaleyraAbortError,
  KaleyraBadRequestError,
  KaleyraConnectionError,
  KaleyraRateLimitError,
  KaleyraServerError,
  KaleyraTimeoutError,
  type KaleyraClient,
} from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { defaultResponse, startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// The retry policy as a real server sees it: how many requests arrive, and whether a retried body
// is the same bytes. Waits are kept short with `Retry-After: 0`; the few backoff waits that remain
// are the policy's own (at most ~0.5 s each) and nothing asserts on time.
const SID = 'HXAP16XXXXXX97IN';
const FROM = '+919000000005';
const TO = '+919876543210';
const WABA = '102290129340398';
const rateLimited = {
  status: 429,
  headers: { 'retry-after': '0' },
  body: { code: 'WA429', message: 'Too many requests', data: {}, error: {} },
};
const serverError = {
  status: 500,
  body: {
    code: 'WA500',
    message: 'Please try again later',
    data: {},
    error: { error: 'Internal server error' },
  },
};
const accepted = {
  status: 202,
  body: { code: 'WA202', message: 'Request Accepted', data: { message_id: 'wamid.OK' }, error: {} },
};

let server: RecordingServer;
let client: KaleyraClient;

// A fresh server per test: a scripted answer a test did not consume cannot leak into the next one.
beforeEach(async () => {
  server = await startRecordingServer();
  // Default maxRetries (2) and retryMaybeDelivered (false): the policy under test is the default one.
  client = createKaleyraClient({ sid: SID, apiKey: 'test-key', baseUrl: server.url, from: FROM });
});
afterEach(() => server.close());

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('retries through the client', () => {
  it('429 with Retry-After: 0, then 202: succeeds after 2 identical requests', async () => {
    server.respondWith(rateLimited, accepted);
    const result = await client.v2Messages.sendText({ to: TO, body: 'hello' });
    expect(result.data.message_id).toBe('wamid.OK');
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(second!.text).toBe(first!.text);
    expect(second!.path).toBe(first!.path);
    expect(second!.headers['api-key']).toBe('test-key');
    expect(second!.headers['content-type']).toBe('application/json');
  });

  it('a v1 form is retried after a 429 with the same fields', async () => {
    server.respondWith(rateLimited, defaultResponse('/v1/sid/messages'));
    await client.v1Messages.sendTemplate({ to: TO, templateName: 'hello', params: ['a, b'] });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.form).toEqual(server.requests[0]!.form);
    expect(server.requests[1]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('a Retry-After beyond the cap is not slept through: the 429 surfaces after 1 request', async () => {
    server.respondWith({ ...rateLimited, headers: { 'retry-after': '120' } });
    const error = await failureOf(client.v2Messages.sendText({ to: TO, body: 'hello' }));
    expect(error).toBeInstanceOf(KaleyraRateLimitError);
    expect((error as KaleyraRateLimitError).retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('500 is not retried by default: KaleyraServerError after exactly 1 request', async () => {
    server.respondWith(serverError, accepted);
    const error = await failureOf(client.v2Messages.sendText({ to: TO, body: 'hello' }));
    // (A retry would have found the 202 waiting.)
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('500 is retried when the call opts in with retryMaybeDelivered', async () => {
    server.respondWith(serverError, accepted);
    const result = await client.v2Messages.sendText({ to: TO, body: 'hello' }, { retryMaybeDelivered: true });
    expect(result.data.message_id).toBe('wamid.OK');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.text).toBe(server.requests[0]!.text);
  });

  it('400 is never retried, even with retryMaybeDelivered', async () => {
    server.respondWith(
      {
        status: 400,
        body: { code: 'WA400', message: 'Refer to correct payload format', data: {}, error: {} },
      },
      accepted,
    );
    const error = await failureOf(
      client.v2Messages.sendText({ to: TO, body: 'hello' }, { retryMaybeDelivered: true }),
    );
    expect(error).toBeInstanceOf(KaleyraBadRequestError);
    expect(server.requests).toHaveLength(1);
  });

  it('a resumable upload from bytes answered 429 is sent again with a byte-identical file part', async () => {
    const png = withBody(MAGIC.png, 50_000);
    server.respondWith(rateLimited, {
      status: 202,
      body: { code: 'WA202', message: 'ok', data: { id: '639', status: 'PENDING' }, error: {} },
    });
    const result = await client.media.uploadResumable({ wabaId: WABA, file: png, name: 'photo.png' });
    expect(result.data).toEqual({ id: '639', status: 'PENDING' });
    expect(server.requests).toHaveLength(2);
    const files = server.requests.map((request) => {
      expect(request.contentLengthMatched).toBe(true);
      return request.parts!.find((p) => p.name === 'file')!;
    });
    for (const file of files) {
      expect(file.filename).toBe('photo.png');
      expect(file.contentType).toBe('image/png');
      expect(Buffer.from(file.bytes).equals(Buffer.from(png))).toBe(true);
    }
    expect(server.requests[1]!.parts!.find((p) => p.name === 'type')!.text).toBe('image/png');
  });

  it('an upload from a one-shot stream answered 429 is not retried: KaleyraRateLimitError after 1 request', async () => {
    const png = withBody(MAGIC.png, 2_000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(png);
        controller.close();
      },
    });
    server.respondWith(rateLimited, accepted);
    const error = await failureOf(
      client.media.uploadResumable({ wabaId: WABA, file: { stream, name: 'photo.png' } }),
    );
    expect(error).toBeInstanceOf(KaleyraRateLimitError);
    expect(server.requests).toHaveLength(1);
    // The one request that went out carried the whole file.
    expect(
      Buffer.from(server.requests[0]!.parts!.find((p) => p.name === 'file')!.bytes).equals(Buffer.from(png)),
    ).toBe(true);
  });

  it('a response slower than timeoutMs is a KaleyraTimeoutError, and a send is not retried after it', async () => {
    server.respondWith({ ...accepted, delayMs: 1_500 });
    const error = await failureOf(client.v2Messages.sendText({ to: TO, body: 'hello' }, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(KaleyraTimeoutError);
    expect((error as KaleyraTimeoutError).timeoutMs).toBe(200);
    expect((error as KaleyraTimeoutError).path).toBe(`/v2/${SID}/whatsapp/${FROM}/messages`);
    expect(server.requests).toHaveLength(1);
  });

  it('the caller aborting mid-request is a KaleyraAbortError, never retried', async () => {
    server.respondWith({ ...accepted, delayMs: 3_000 });
    const controller = new AbortController();
    const pending = failureOf(
      client.v2Messages.sendText({ to: TO, body: 'hello' }, { signal: controller.signal }),
    );
    // Abort only once the server holds the request, so the abort really is mid-request.
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort(new Error('user cancelled'));
    const error = await pending;
    expect(error).toBeInstanceOf(KaleyraAbortError);
    expect((error as KaleyraAbortError).cause).toMatchObject({ message: 'user cancelled' });
    expect(server.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const error = await failureOf(
      client.v2Messages.sendText({ to: TO, body: 'hello' }, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(KaleyraAbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('connection refused', () => {
  it('is retried (it provably sent nothing), then surfaces as KaleyraConnectionError', async () => {
    const closed = await startRecordingServer();
    const url = closed.url;
    await closed.close();
    const attempts: unknown[] = [];
    const refused = createKaleyraClient({
      sid: SID,
      apiKey: 'test-key',
      baseUrl: url,
      from: FROM,
      maxRetries: 1,
      logger: {
        debug: (m, d) => m === 'kaleyra request attempt' && attempts.push(d),
        info() {},
        warn() {},
        error() {},
      },
    });
    const error = await failureOf(refused.v2Messages.sendText({ to: TO, body: 'hello' }));
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expect((error as KaleyraConnectionError).reachedServer).toBe(false);
    expect((error as KaleyraConnectionError).code).toBe('ECONNREFUSED');
    expect((error as KaleyraConnectionError).path).toBe(`/v2/${SID}/whatsapp/${FROM}/messages`);
    expect(attempts).toHaveLength(2);
  });
});
