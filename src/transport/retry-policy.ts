/**
 * When to send a request again. A duplicate send is a second WhatsApp message on a customer's
 * phone, so the policy retries freely only what provably was not processed (429, a connection that
 * never reached the server) and everything that may have been processed (5xx, timeouts, resets
 * after sending) only when the caller opted in with `retryMaybeDelivered`.
 */

export { parseRetryAfter } from '../errors/retry-after.js';

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/**
 * The longest Retry-After we sleep through. A server asking for more gets its 429 surfaced (with
 * `retryAfterMs`) rather than a request that blocks for minutes or retries too early.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number }
  | { kind: 'connection-failed'; reachedServer: false | 'unknown' }
  | { kind: 'timeout'; bodySent: boolean | 'unknown' };

export interface RetryContext {
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  /** Retries allowed after the first attempt (2 means at most 3 attempts). */
  maxRetries: number;
  /** Whether the body can be produced again (false for a one-shot stream). */
  replayable: boolean;
  /** Whether the caller accepts a possible duplicate for a better chance of delivery. */
  retryMaybeDelivered: boolean;
  /** In [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

export type RetryReason =
  | 'rate-limited'
  | 'not-sent'
  | 'maybe-delivered-opt-in'
  | 'not-an-error'
  | 'client-error'
  | 'maybe-delivered'
  | 'not-replayable'
  | 'retries-exhausted'
  | 'retry-after-too-long';

export type RetryDecision =
  { retry: true; delayMs: number; reason: RetryReason } | { retry: false; reason: RetryReason };

/**
 * Exponential backoff with equal jitter: half the step is fixed, half random, so retries from
 * many clients spread out but none retries instantly (full jitter can draw ~0 ms, which against a
 * rate limit just burns an attempt).
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const step = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/** Decides whether a failed attempt is sent again and after what delay; never resends a maybe-delivered request unless opted in. */
export function decideRetry(outcome: AttemptOutcome, ctx: RetryContext): RetryDecision {
  let maybeDelivered: boolean;
  if (outcome.kind === 'response') {
    if (outcome.status < 400) return { retry: false, reason: 'not-an-error' };
    if (outcome.status < 500 && outcome.status !== 429) return { retry: false, reason: 'client-error' };
    maybeDelivered = outcome.status >= 500;
  } else if (outcome.kind === 'connection-failed') {
    maybeDelivered = outcome.reachedServer !== false;
  } else {
    maybeDelivered = outcome.bodySent !== false;
  }

  if (maybeDelivered && !ctx.retryMaybeDelivered) return { retry: false, reason: 'maybe-delivered' };
  if (!ctx.replayable) return { retry: false, reason: 'not-replayable' };
  if (ctx.attempt > ctx.maxRetries) return { retry: false, reason: 'retries-exhausted' };

  if (outcome.kind === 'response' && outcome.status === 429) {
    if (outcome.retryAfterMs === undefined) {
      return { retry: true, delayMs: backoffDelay(ctx.attempt, ctx.random), reason: 'rate-limited' };
    }
    if (outcome.retryAfterMs > MAX_RETRY_AFTER_MS) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: outcome.retryAfterMs, reason: 'rate-limited' };
  }
  return {
    retry: true,
    delayMs: backoffDelay(ctx.attempt, ctx.random),
    reason: maybeDelivered ? 'maybe-delivered-opt-in' : 'not-sent',
  };
}
