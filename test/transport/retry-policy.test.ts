import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  parseRetryAfter,
  type AttemptOutcome,
  type RetryContext,
} from '../../src/transport/retry-policy.js';

const base: RetryContext = {
  attempt: 1,
  maxRetries: 2,
  replayable: true,
  retryMaybeDelivered: false,
  random: () => 0.5,
};

describe('backoffDelay (equal jitter, 0.5 s doubling, 8 s cap)', () => {
  it('spans [step/2, step] for each attempt', () => {
    const steps = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    steps.forEach((step, i) => {
      expect(backoffDelay(i + 1, () => 0)).toBe(step / 2);
      expect(backoffDelay(i + 1, () => 1)).toBe(step);
    });
  });

  it('never exceeds the cap, even for huge attempt numbers or a misbehaving random', () => {
    expect(backoffDelay(1_000, () => 5)).toBe(MAX_RETRY_DELAY_MS);
    expect(backoffDelay(3, () => -1)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });

  it('reads HTTP-dates relative to now, past dates meaning now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores garbage rather than producing NaN or a negative wait', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5', '10s', '0x10', 'Foo, 99 Bar 2025']) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });
});

describe('decideRetry', () => {
  const response = (status: number, retryAfterMs?: number): AttemptOutcome =>
    retryAfterMs === undefined ? { kind: 'response', status } : { kind: 'response', status, retryAfterMs };

  it('retries 429 with the server-given delay', () => {
    expect(decideRetry(response(429, 1000), base)).toEqual({
      retry: true,
      delayMs: 1000,
      reason: 'rate-limited',
    });
  });

  it('backs off on 429 without Retry-After', () => {
    expect(decideRetry(response(429), { ...base, attempt: 2 })).toEqual({
      retry: true,
      delayMs: 750,
      reason: 'rate-limited',
    });
  });

  it('surfaces a 429 whose Retry-After exceeds the cap instead of sleeping through it', () => {
    expect(decideRetry(response(429, MAX_RETRY_AFTER_MS + 1), base)).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
    });
  });

  it('never retries other 4xx, whatever the options', () => {
    for (const status of [400, 401, 403, 404, 408, 409, 413, 422]) {
      expect(
        decideRetry(response(status), { ...base, retryMaybeDelivered: true }).retry,
        String(status),
      ).toBe(false);
    }
  });

  it('does not retry 5xx unless the caller accepts a possible duplicate', () => {
    expect(decideRetry(response(500), base)).toEqual({ retry: false, reason: 'maybe-delivered' });
    expect(decideRetry(response(503), { ...base, retryMaybeDelivered: true })).toMatchObject({
      retry: true,
      reason: 'maybe-delivered-opt-in',
    });
  });

  it('retries a connection that never reached the server, only when the body can be sent again', () => {
    const refused: AttemptOutcome = { kind: 'connection-failed', reachedServer: false };
    expect(decideRetry(refused, base)).toMatchObject({ retry: true, reason: 'not-sent' });
    expect(decideRetry(refused, { ...base, replayable: false })).toEqual({
      retry: false,
      reason: 'not-replayable',
    });
  });

  it('treats a connection failure that may have reached the server like a 5xx', () => {
    const reset: AttemptOutcome = { kind: 'connection-failed', reachedServer: 'unknown' };
    expect(decideRetry(reset, base)).toEqual({ retry: false, reason: 'maybe-delivered' });
    expect(decideRetry(reset, { ...base, retryMaybeDelivered: true }).retry).toBe(true);
  });

  it('retries timeouts only when nothing was sent or the caller opted in', () => {
    expect(decideRetry({ kind: 'timeout', bodySent: 'unknown' }, base).retry).toBe(false);
    expect(decideRetry({ kind: 'timeout', bodySent: true }, base).retry).toBe(false);
    expect(decideRetry({ kind: 'timeout', bodySent: false }, base).retry).toBe(true);
    expect(
      decideRetry({ kind: 'timeout', bodySent: 'unknown' }, { ...base, retryMaybeDelivered: true }).retry,
    ).toBe(true);
  });

  it('stops after maxRetries retries', () => {
    expect(decideRetry(response(429), { ...base, attempt: 2 }).retry).toBe(true);
    expect(decideRetry(response(429), { ...base, attempt: 3 })).toEqual({
      retry: false,
      reason: 'retries-exhausted',
    });
    expect(decideRetry(response(429), { ...base, maxRetries: 0 }).retry).toBe(false);
  });

  it('does not retry a non-replayable body even on 429', () => {
    expect(decideRetry(response(429, 0), { ...base, replayable: false }).retry).toBe(false);
  });
});
