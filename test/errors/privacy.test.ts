import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KaleyraAbortError } from '../../src/errors/abort-error.js';
import { createApiError, KaleyraApiError } from '../../src/errors/api-error.js';
import { KaleyraConnectionError } from '../../src/errors/connection-error.js';
import { decodeApiError } from '../../src/errors/decode.js';
import { KaleyraError } from '../../src/errors/kaleyra-error.js';
import { KaleyraTimeoutError } from '../../src/errors/timeout-error.js';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import { createSafeLogger, type KaleyraLogger } from '../../src/transport/logger.js';
import { runRequest, type RunRequestOptions } from '../../src/core/run-request.js';
import { Redactor } from '../../src/redaction/redactor.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { errorRenderings } from '../support/error-renderings.js';

// Base64-ish on purpose: '+', '/' and '=' change under URL encoding, so both spellings are checked.
const SECRET = 'AkZq9+XyW8/vU7tS6rQ5pO4nM3lK0jH=';
const SPELLINGS = [SECRET, encodeURIComponent(SECRET)];
const PATH = '/v2/HXAP16XXXXXX97IN/whatsapp/919999999999/messages';
const LEAKY_PATH = `https://HXAP16XXXXXX97IN:${SECRET}@api.kaleyra.io${PATH}?api-key=${encodeURIComponent(SECRET)}`;

function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(KaleyraError);
  for (const [where, text] of Object.entries(errorRenderings(error))) {
    for (const spelling of SPELLINGS)
      expect(text, `${(error as Error).name} leaked the key in ${where}`).not.toContain(spelling);
  }
}

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

function options(overrides: Partial<RunRequestOptions> = {}, baseUrl = () => server.url): RunRequestOptions {
  return {
    attempt: (signal) =>
      fetch(baseUrl() + PATH, {
        method: 'POST',
        headers: { 'api-key': SECRET },
        body: '{"to":"+91"}',
        signal,
      }),
    method: 'POST',
    path: LEAKY_PATH,
    maxRetries: 1,
    replayable: true,
    retryMaybeDelivered: false,
    redactor: new Redactor(SECRET),
    sleep: async () => undefined,
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('privacy: the API key never appears in an error', () => {
  it.each([400, 401, 404, 413, 429, 500, 502])(
    'KaleyraApiError (%i) from a server that echoes the key',
    async (status) => {
      server.respondWith({
        status,
        headers: { 'retry-after': '1' },
        body: {
          code: 'WA400',
          message: `bad key ${SECRET}`,
          data: {},
          error: { 'api-key': SECRET, echo: `headers: api-key=${SECRET}` },
        },
      });
      const response = await fetch(server.url + PATH, {
        method: 'POST',
        headers: { 'api-key': SECRET },
        body: '',
      });
      const error = await decodeApiError(
        response,
        { method: 'POST', path: LEAKY_PATH },
        { redactor: new Redactor(SECRET) },
      );
      expect(error).toBeInstanceOf(KaleyraApiError);
      expect(error.status).toBe(status);
      expectNoSecret(error);
    },
  );

  it('KaleyraApiError from a proxy HTML page that prints the request headers', async () => {
    server.respondWith({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: `<html><title>Bad gateway</title><pre>api-key: ${SECRET}</pre></html>`,
    });
    const error = await failureOf(runRequest(options()));
    expectNoSecret(error);
    expect((error as KaleyraApiError).body).toContain('[REDACTED]');
  });

  it('KaleyraApiError built by hand with a leaky path', () => {
    expectNoSecret(createApiError({ status: 400, method: 'POST', path: LEAKY_PATH, detail: 'x' }));
  });

  it('KaleyraConnectionError from a refused connection (real fetch carrying the key)', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await failureOf(runRequest(options({}, () => `http://127.0.0.1:${port}`)));
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expectNoSecret(error);
  });

  it('KaleyraConnectionError from a socket dropped mid-request', async () => {
    server.respondWith({ destroySocket: true });
    const error = await failureOf(runRequest(options()));
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expectNoSecret(error);
  });

  it('KaleyraConnectionError whose cause carries the request and quotes the key', async () => {
    const undiciLike = new TypeError('fetch failed', {
      cause: Object.assign(new Error(`socket hang up while sending api-key: ${SECRET}`), {
        code: 'ECONNRESET',
        request: { headers: { 'api-key': SECRET }, url: LEAKY_PATH },
      }),
    });
    Object.assign(undiciLike, { request: { headers: new Headers({ 'api-key': SECRET }) } });
    const error = await failureOf(runRequest(options({ attempt: () => Promise.reject(undiciLike) })));
    expect(error).toBeInstanceOf(KaleyraConnectionError);
    expectNoSecret(error);
  });

  it('drops the request a cause carries even when no secret was declared', () => {
    const cause = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      request: { headers: { 'api-key': SECRET } },
    });
    expectNoSecret(
      new KaleyraConnectionError({ method: 'POST', path: PATH, reachedServer: 'unknown', cause }),
    );
  });

  it('KaleyraError from an invalid header value (fetch quotes the value in its message)', async () => {
    const error = await failureOf(
      runRequest(
        options({
          attempt: (signal) => fetch(server.url + PATH, { headers: { 'api-key': `${SECRET}\nx` }, signal }),
        }),
      ),
    );
    expectNoSecret(error);
  });

  it('KaleyraTimeoutError', async () => {
    server.respondWith({ delayMs: 5_000 });
    const error = await failureOf(runRequest(options({ timeoutMs: 50 })));
    expect(error).toBeInstanceOf(KaleyraTimeoutError);
    expectNoSecret(error);
  });

  it('KaleyraAbortError whose reason mentions the key', async () => {
    const controller = new AbortController();
    controller.abort(new Error(`stop, key ${SECRET}`));
    const error = await failureOf(runRequest(options({ signal: controller.signal })));
    expect(error).toBeInstanceOf(KaleyraAbortError);
    expectNoSecret(error);
  });

  it('KaleyraValidationError', () => {
    expectNoSecret(
      new KaleyraValidationError({ field: 'api-key', rule: 'non-empty', message: 'must not be empty' }),
    );
  });

  it('KaleyraError built directly with a redactor', () => {
    expectNoSecret(
      new KaleyraError(`failed with ${SECRET}`, {
        cause: new Error(`inner ${SECRET}`),
        redactor: new Redactor(SECRET),
      }),
    );
  });
});

describe('privacy: the safe logger never passes the key on', () => {
  function capture() {
    const received: unknown[] = [];
    const sink = (message: string, details?: Record<string, unknown>) =>
      void received.push([message, details]);
    const logger: KaleyraLogger = { debug: sink, info: sink, warn: sink, error: sink };
    return { received, logger };
  }

  function expectClean(received: unknown[]): void {
    const text = inspect(received, { depth: Infinity, showHidden: true }) + JSON.stringify(received);
    for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
  }

  it('scrubs messages and details of every level', () => {
    const { received, logger } = capture();
    const safe = createSafeLogger(logger, new Redactor(SECRET));
    const cyclic: Record<string, unknown> = { key: SECRET };
    cyclic.again = cyclic;
    const details = {
      headers: new Headers({ 'api-key': SECRET }),
      plain: { 'Api-Key': SECRET, authorization: `Bearer ${SECRET}` },
      deep: [[{ note: `here ${SECRET}` }]],
      url: new URL(
        `https://sid:${encodeURIComponent(SECRET)}@api.kaleyra.io/v1?api-key=${encodeURIComponent(SECRET)}`,
      ),
      error: Object.assign(new Error(`failed ${SECRET}`), { request: { headers: { 'api-key': SECRET } } }),
      map: new Map([['k', SECRET]]),
      set: new Set([SECRET]),
      [SECRET]: 'as a key',
      cyclic,
    };
    for (const level of ['debug', 'info', 'warn', 'error'] as const)
      safe[level](`${level} ${SECRET}`, details);
    expect(received).toHaveLength(4);
    expectClean(received);
  });

  it('scrubs what runRequest logs across retries', async () => {
    server.respondWith({ status: 429, body: { code: 'WA429', message: SECRET } }, { status: 202, body: {} });
    const { received, logger } = capture();
    await runRequest(options({ logger }));
    expect(received.length).toBeGreaterThanOrEqual(3);
    expectClean(received);
  });
});
