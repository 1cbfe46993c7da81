import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createKaleyraClient,
  KaleyraError,
  type KaleyraClientOptions,
  type KaleyraLogger,
} from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { errorRenderings } from '../support/error-renderings.js';

// The API key must be on the wire (in the api-key header) and nowhere else: not in any error the
// client can produce, however it is printed, and not in any log line, the raw clients' included.
const KEY = 'SECRET-KEY-123';
const SID = 'HXAP16XXXXXX97IN';
const FROM = '+919000000007';
const TO = '+919876543210';

let server: RecordingServer;
let closedUrl: string;
const logLines: Array<{ level: string; args: unknown[] }> = [];
const logger: KaleyraLogger = {
  debug: (...args) => void logLines.push({ level: 'debug', args }),
  info: (...args) => void logLines.push({ level: 'info', args }),
  warn: (...args) => void logLines.push({ level: 'warn', args }),
  error: (...args) => void logLines.push({ level: 'error', args }),
};
const errors = new Map<string, unknown>();

function clientFor(overrides: Partial<KaleyraClientOptions> = {}) {
  return createKaleyraClient({
    sid: SID,
    apiKey: KEY,
    baseUrl: server.url,
    from: FROM,
    maxRetries: 0,
    logger,
    ...overrides,
  });
}

async function capture(name: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    errors.set(name, error);
    return;
  }
  throw new Error(`${name}: expected a failure`);
}

beforeAll(async () => {
  server = await startRecordingServer();
  const closed = await startRecordingServer();
  closedUrl = closed.url;
  await closed.close();

  await capture('validation', () => clientFor().v2Messages.sendText({ to: 'not-a-number', body: 'hi' }));
  // A server (or proxy) that echoes the key back must not get it into the error.
  server.respondWith({
    status: 401,
    body: {
      code: 'RBC001',
      message: `Incorrect SID or API key ${KEY}.`,
      data: [],
      error: { error: `key ${KEY} rejected`, key: KEY },
    },
  });
  await capture('401 api error', () => clientFor().v2Messages.sendText({ to: TO, body: 'hi' }));
  server.respondWith({
    status: 502,
    headers: { 'content-type': 'text/html' },
    body: `<title>Bad gateway</title> api-key: ${KEY}`,
  });
  await capture('502 html', () => clientFor().v1Messages.sendText({ to: TO, body: 'hi' }));
  await capture('connection refused', () =>
    clientFor({ baseUrl: closedUrl }).v2Messages.sendText({ to: TO, body: 'hi' }),
  );
  server.respondWith({ status: 202, delayMs: 1_000 });
  await capture('timeout', () => clientFor().v2Messages.sendText({ to: TO, body: 'hi' }, { timeoutMs: 100 }));
  server.respondWith({ status: 202, delayMs: 2_000 });
  const controller = new AbortController();
  const before = server.requests.length;
  await capture('abort', async () => {
    const pending = clientFor().media.listResumable(
      { wabaId: '102290129340398' },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(server.requests.length).toBe(before + 1));
    // A reason that quotes the key, as careless caller code might.
    controller.abort(new Error(`cancelled the request made with ${KEY}`));
    await pending;
  });

  // A retried call (warn line) and raw-client calls (the middleware's lines).
  server.respondWith({
    status: 429,
    headers: { 'retry-after': '0' },
    body: { code: 'WA429', message: 'Too many', data: {}, error: {} },
  });
  await clientFor({ maxRetries: 1 }).v2Messages.sendText({ to: TO, body: 'hi' });
  await clientFor().v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
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
  });
  await clientFor().v1.POST('/v1/{sid}/messages', {
    params: { path: { sid: SID } },
    body: { to: TO, from: FROM, channel: 'whatsapp', type: 'text', body: 'hi' },
  });
});
afterAll(() => server.close());

describe('the API key stays out of errors and logs', () => {
  it('was really used: every request that reached the server carried it in the api-key header', () => {
    expect(server.requests.length).toBeGreaterThanOrEqual(7);
    for (const request of server.requests) expect(request.headers['api-key']).toBe(KEY);
    expect(server.requests.some((r) => r.path.startsWith('/v1/'))).toBe(true);
  });

  it('every failure was captured as a KaleyraError of the expected kind', () => {
    expect(Object.fromEntries([...errors].map(([name, error]) => [name, (error as Error).name]))).toEqual({
      validation: 'KaleyraValidationError',
      '401 api error': 'KaleyraAuthenticationError',
      '502 html': 'KaleyraServerError',
      'connection refused': 'KaleyraConnectionError',
      timeout: 'KaleyraTimeoutError',
      abort: 'KaleyraAbortError',
    });
    for (const error of errors.values()) expect(error).toBeInstanceOf(KaleyraError);
  });

  it.each(['validation', '401 api error', '502 html', 'connection refused', 'timeout', 'abort'])(
    '%s: no rendering contains the key',
    (name) => {
      const error = errors.get(name);
      for (const [how, text] of Object.entries(errorRenderings(error))) {
        expect(text, `${name} via ${how}`).not.toContain(KEY);
      }
    },
  );

  it("the echoed key is masked but the rest of the server's answer is kept", () => {
    const error = errors.get('401 api error') as {
      code: string;
      serverMessage: string;
      fieldErrors: Record<string, string>;
    };
    expect(error.code).toBe('RBC001');
    expect(error.serverMessage).toMatch(/^Incorrect SID or API key .+\.$/);
    expect(Object.keys(error.fieldErrors)).toEqual(['error', 'key']);
  });

  it('no log line contains the key, and the lines include retries and a line per request, raw clients too', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.stringify(line.args)).not.toContain(KEY);
    for (const line of logLines) expect(inspect(line.args, { depth: 10 })).not.toContain(KEY);
    const messages = logLines.map((l) => `${l.level} ${String(l.args[0])}`);
    expect(messages).toContain('warn kaleyra request retry');
    expect(messages).toContain('warn kaleyra request failed');
    expect(messages).toContain('error kaleyra request failed');
    const requests = logLines.filter((l) => String(l.args[0]).startsWith('kaleyra request') && l.args[1]);
    expect(requests.some((l) => String((l.args[1] as { path?: string }).path).startsWith('/v1/'))).toBe(true);
  });
});

describe('a baseUrl carrying credentials', () => {
  // fetch can never send a URL with user:password@, and undici's error would print it verbatim.
  it('is refused at creation instead of leaking from every call', async () => {
    let failure: unknown;
    try {
      const client = clientFor({ baseUrl: `http://user:${KEY}@127.0.0.1:9` });
      await client.v2Messages.sendText({ to: TO, body: 'hi' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(KaleyraError);
    expect((failure as KaleyraError).name).toBe('KaleyraValidationError');
    expect(String(failure)).not.toContain(KEY);
  });
});
