import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyFetchFailure } from '../../src/transport/classify-fetch-failure.js';
import { startRecordingServer } from '../support/recording-server.js';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected fetch to fail');
    },
    (error: unknown) => error,
  );
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

describe('classifyFetchFailure on real fetch failures', () => {
  it('calls a refused connection not sent', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const error = await rejectionOf(fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: 'hi' }));
    expect(classifyFetchFailure(error)).toEqual({
      kind: 'connection-failed',
      reachedServer: false,
      code: 'ECONNREFUSED',
    });
  });

  it('calls a socket dropped after the server read the request unknown', async () => {
    const server = await startRecordingServer();
    try {
      server.respondWith({ destroySocket: true });
      const error = await rejectionOf(fetch(`${server.url}/x`, { method: 'POST', body: 'hi' }));
      expect(server.requests).toHaveLength(1);
      expect(classifyFetchFailure(error)).toMatchObject({
        kind: 'connection-failed',
        reachedServer: 'unknown',
      });
    } finally {
      await server.close();
    }
  });

  it('calls an invalid header value an invalid request, not a network failure', async () => {
    const error = await rejectionOf(fetch('http://127.0.0.1:9/x', { headers: { 'api-key': 'bad\nvalue' } }));
    expect(classifyFetchFailure(error)).toEqual({ kind: 'invalid-request' });
  });
});

describe('classifyFetchFailure on runtime error shapes', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])('%s: not sent', (code) => {
    expect(classifyFetchFailure(fetchFailed(Object.assign(new Error(code), { code })))).toEqual({
      kind: 'connection-failed',
      reachedServer: false,
      code,
    });
  });

  it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT'])(
    '%s: may have reached the server',
    (code) => {
      expect(classifyFetchFailure(fetchFailed(Object.assign(new Error(code), { code })))).toMatchObject({
        reachedServer: 'unknown',
        code,
      });
    },
  );

  it('calls a socket closed before any byte was written not sent', () => {
    const closed = Object.assign(new Error('other side closed'), {
      code: 'UND_ERR_SOCKET',
      socket: { bytesWritten: 0 },
    });
    expect(classifyFetchFailure(fetchFailed(closed))).toMatchObject({ reachedServer: false });
    const afterWriting = Object.assign(new Error('other side closed'), {
      code: 'UND_ERR_SOCKET',
      socket: { bytesWritten: 312 },
    });
    expect(classifyFetchFailure(fetchFailed(afterWriting))).toMatchObject({ reachedServer: 'unknown' });
  });

  it('finds the code inside an AggregateError (happy eyeballs)', () => {
    const aggregate = new AggregateError(
      [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
      'connect failed',
    );
    expect(classifyFetchFailure(fetchFailed(aggregate))).toMatchObject({
      reachedServer: false,
      code: 'ECONNREFUSED',
    });
  });

  it('reads runtimes that give words instead of codes, defaulting to unknown', () => {
    const deno = new TypeError(
      'error sending request for url (http://x/): client error (Connect): tcp connect error: Connection refused (os error 111)',
    );
    expect(classifyFetchFailure(deno)).toMatchObject({ reachedServer: false });
    expect(classifyFetchFailure(new TypeError('Network connection lost.'))).toMatchObject({
      reachedServer: 'unknown',
    });
  });

  it('does not mistake other errors for network failures', () => {
    expect(classifyFetchFailure(new RangeError('bad'))).toEqual({ kind: 'unexpected' });
    expect(classifyFetchFailure('a string')).toEqual({ kind: 'unexpected' });
  });
});
