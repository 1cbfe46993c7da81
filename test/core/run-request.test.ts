import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KaleyraAbortError } from '../../src/errors/abort-error.js';
import {
  KaleyraBadRequestError,
  KaleyraRateLimitError,
  KaleyraServerError,
} from '../../src/errors/api-error.js';
import { KaleyraConnectionError } from '../../src/errors/connection-error.js';
import { KaleyraTimeoutError } from '../../src/errors/timeout-error.js';
import type { KaleyraLogger } from '../../src/transport/logger.js';
import { runRequest, type RunRequestOptions } from '../../src/core/run-request.js';
import { Redactor } from '../../src/redaction/redactor.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

const API_KEY = 'Ak3y-0f-the-t3st-acc0unt-9f8e7d6c';
const PATH = '/v2/HXAP16XXXXXX97IN/whatsapp/919999999999/messages';
const ACCEPTED = {
  status: 202,
  body: { code: 'WA202', message: 'Request Processed Successfully', data: {}, error: {} },
};
const WA429 = { status: 429, body: { code: 'WA429', message: 'Too many requests', data: {}, error: {} } };
const WA500 = {
  status: 500,
  body: {
    code: 'WA500',
    message: 'Please try again later',
    data: {},
    error: { error: 'Internal server error' },
  },
};

let server: RecordingServer;
beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(() => server.close());

interface Harness {
  sleeps: number[];
  options: RunRequestOptions;
}

/** Sleeps are recorded, not waited, so retry tests are deterministic and fast. */
function harness(overrides: Partial<RunRequestOptions> = {}, baseUrl = () => server.url): Harness {
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      attempt: (signal, attemptNumber) =>
        fetch(baseUrl() + PATH, {
          method: 'POST',
          headers: {
            'api-key': API_KEY,
            'content-type': 'application/json',
            'x-attempt': String(attemptNumber),
          },
          body: JSON.stringify({ to: '+919999999999', type: 'text', text: { body: 'hi' } }),
          signal,
        }),
      method: 'POST',
      path: PATH,
      maxRetries: 2,
      replayable: true,
      retryMaybeDelivered: false,
      redactor: new Redactor(API_KEY),
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
      ...overrides,
    },
  };
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('runRequest over a real server', () => {
  it('returns the 2xx response with its body unread', async () => {
    server.respondWith(ACCEPTED);
    const { options } = harness();
    const response = await runRequest(options);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual(ACCEPTED.body);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    server.respondWith({ ...WA429, headers: { 'retry-after': '1' } }, ACCEPTED);
    const { options, sleeps } = harness();
    const response = await runRequest(options);
    expect(response.status).toBe(202);
    expect(sleeps).toEqual([1000]);
    expect(server.requests.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
    expect(server.requests[1]!.json).toEqual(server.requests[0]!.json);
  });

  it('backs off on a 429 without Retry-After and gives up after maxRetries', async () => {
    server.respondWith(WA429, WA429, WA429, ACCEPTED);
    const { options, sleeps } = harness();
    const error = await runRequest(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraRateLimitError);
    expect((error as KaleyraRateLimitError).code).toBe('WA429');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('does not retry a 500 by default: the message may have been sent', async () => {
    server.respondWith(WA500, ACCEPTED);
    const { options, sleeps } = harness();
    const error = await runRequest(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect((error as KaleyraServerError).normalizedCode).toBe('WA500');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 500 when the caller accepts a possible duplicate', async () => {
    server.respondWith(WA500, ACCEPTED);
    const { options } = harness({ retryMaybeDelivered: true });
    const response = await runRequest(options);
    expect(response.status).toBe(202);
    expect(server.requests).toHaveLength(2);
  });

  it('never retries a 400', async () => {
    server.respondWith(
      { status: 400, body: { code: 'E110', message: 'low balance', data: {}, error: {} } },
      ACCEPTED,
    );
    const { options } = harness({ retryMaybeDelivered: true });
    const error = await runRequest(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraBadRequestError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection when replayable and surfaces KaleyraConnectionError after maxRetries', async () => {
    const url = await closedPortUrl();
    let attempts = 0;
    const { options, sleeps } = harness({}, () => url);
    const counted: RunRequestOptions = { ...options, attempt: (s, n) => (attempts++, options.attempt(s, n)) };
    const error = await runRequest(counted).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expect(error).toMatchObject({ reachedServer: false, code: 'ECONNREFUSED', method: 'POST', path: PATH });
    expect(attempts).toBe(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('does not retry a refused connection when the body cannot be sent again', async () => {
    const url = await closedPortUrl();
    let attempts = 0;
    const { options } = harness({ replayable: false }, () => url);
    const error = await runRequest({
      ...options,
      attempt: (s, n) => (attempts++, options.attempt(s, n)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expect(attempts).toBe(1);
  });

  it('does not retry a connection dropped after the request arrived: it may have been processed', async () => {
    server.respondWith({ destroySocket: true }, ACCEPTED);
    const { options } = harness();
    const error = await runRequest(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expect((error as KaleyraConnectionError).reachedServer).toBe('unknown');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a dropped connection when the caller accepts a possible duplicate', async () => {
    server.respondWith({ destroySocket: true }, ACCEPTED);
    const { options } = harness({ retryMaybeDelivered: true });
    const response = await runRequest(options);
    expect(response.status).toBe(202);
    expect(server.requests).toHaveLength(2);
  });

  it('turns a server slower than timeoutMs into KaleyraTimeoutError after exactly one request', async () => {
    server.respondWith({ ...ACCEPTED, delayMs: 5_000 });
    const { options, sleeps } = harness({ timeoutMs: 200 });
    const error = await runRequest(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200, method: 'POST', path: PATH });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('times out even when the attempt ignores its signal', async () => {
    const { options } = harness({ timeoutMs: 50, attempt: () => new Promise<Response>(() => undefined) });
    await expect(runRequest(options)).rejects.toBeInstanceOf(KaleyraTimeoutError);
  });

  it("maps the caller's abort to KaleyraAbortError and never retries it", async () => {
    server.respondWith({ ...ACCEPTED, delayMs: 5_000 }, ACCEPTED);
    const controller = new AbortController();
    const { options, sleeps } = harness({ signal: controller.signal, retryMaybeDelivered: true });
    const pending = runRequest(options).catch((e: unknown) => e);
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(KaleyraAbortError);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { options } = harness({ signal: controller.signal });
    await expect(runRequest(options)).rejects.toBeInstanceOf(KaleyraAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('interrupts the wait between retries when the caller aborts', async () => {
    server.respondWith({ ...WA429, headers: { 'retry-after': '30' } }, ACCEPTED);
    const controller = new AbortController();
    const { options } = harness({
      signal: controller.signal,
      // A sleep that would never end on its own: only the caller's signal can release it.
      sleep: () => {
        controller.abort();
        return new Promise<void>(() => undefined);
      },
    });
    await expect(runRequest(options)).rejects.toBeInstanceOf(KaleyraAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('logs one debug line per attempt, a warn per retry and one info line for the request, without secrets or query strings', async () => {
    server.respondWith({ ...WA429, headers: { 'retry-after': '2' } }, ACCEPTED);
    const lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
    const record = (level: string) => (message: string, details?: Record<string, unknown>) =>
      void lines.push({ level, message, ...(details ? { details } : {}) });
    const logger: KaleyraLogger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const { options } = harness({ logger, path: `${PATH}?api-key=${API_KEY}` });

    await runRequest(options);

    expect(lines.map((l) => l.level)).toEqual(['debug', 'warn', 'debug', 'info']);
    expect(lines[0]!.details).toMatchObject({ method: 'POST', path: PATH, attempt: 1, status: 429 });
    expect(lines[1]!.details).toMatchObject({
      method: 'POST',
      path: PATH,
      attempt: 1,
      status: 429,
      delayMs: 2000,
    });
    expect(lines[2]!.details).toMatchObject({ attempt: 2, status: 202 });
    expect(lines[3]).toMatchObject({
      message: 'kaleyra request',
      details: { method: 'POST', path: PATH, status: 202, attempts: 2, durationMs: expect.any(Number) },
    });
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
  });
});
