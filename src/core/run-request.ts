import { KaleyraAbortError } from '../errors/abort-error.js';
import { KaleyraApiError, KaleyraRateLimitError } from '../errors/api-error.js';
import { KaleyraConnectionError } from '../errors/connection-error.js';
import { decodeApiError } from '../errors/decode.js';
import { KaleyraError } from '../errors/kaleyra-error.js';
import { toSafePath } from '../errors/request-path.js';
import { KaleyraTimeoutError } from '../errors/timeout-error.js';
import type { Redactor } from '../redaction/redactor.js';
import { AttemptSignal, raceWithSignal } from '../transport/attempt-signal.js';
import { classifyFetchFailure } from '../transport/classify-fetch-failure.js';
import { createSafeLogger, type KaleyraLogger } from '../transport/logger.js';
import { decideRetry, type AttemptOutcome } from '../transport/retry-policy.js';
import { sleep as defaultSleep, type Sleep } from '../transport/sleep.js';

export interface RunRequestOptions<T = Response> {
  /**
   * Sends the request once. Called again for each retry, so it must build a fresh body each
   * time; `attemptNumber` (from 1) lets it add a retry-count header.
   */
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<Response>;
  /** The request's HTTP method, for errors and logs. */
  method: string;
  /** For errors and logs only; reduced to the bare path (see toSafePath). */
  path: string;
  /** Per attempt, until the response headers arrive (an error body is read within it too). */
  timeoutMs?: number;
  /** The caller's signal: aborts the attempt in flight and any wait between attempts. */
  signal?: AbortSignal;
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Whether `attempt` can send the same body again; a one-shot stream cannot. */
  replayable: boolean;
  /** Also retry 5xx, timeouts and connection failures after sending, accepting a possible duplicate. */
  retryMaybeDelivered: boolean;
  /** Where attempts, retries and failures are logged; nothing is logged without one. */
  logger?: KaleyraLogger;
  /** Scrubs the key from every error and log line: the client's own, required so no path goes without. */
  redactor: Redactor;
  /** Waits between attempts; replaceable for tests. */
  sleep?: Sleep;
  /** Random source for the backoff jitter; replaceable for tests. */
  random?: () => number;
  /** Clock for reading an HTTP-date Retry-After; replaceable for tests. */
  now?: () => number;
  /**
   * Reads a 2xx answer inside the attempt, under its timeout and signal, so a body that stalls
   * fails as a timeout instead of hanging. It may throw a KaleyraError (an unexpected body). By
   * default the Response is handed back with its body unread and the timeout stopped.
   */
  readSuccess?: (response: Response, signal: AbortSignal) => Promise<T>;
  /**
   * Which statuses are handed to `readSuccess` rather than decoded into a KaleyraApiError.
   * Default: 2xx. The raw clients take every status but a redirect, to return `{ error }`.
   */
  accepts?: (response: Response) => boolean;
}

type AttemptResult<T> =
  | { ok: true; response: Response; value: T }
  | { ok: false; error: KaleyraError; outcome: AttemptOutcome | undefined; status?: number };

/**
 * Sends a request with per-attempt timeouts and the retry policy of retry-policy.ts. Resolves with
 * the 2xx Response (body unread); rejects with a KaleyraError subclass, never a raw runtime error.
 */
export async function runRequest<T>(
  options: RunRequestOptions<T> & { readSuccess: (response: Response, signal: AbortSignal) => Promise<T> },
): Promise<T>;
/** Without `readSuccess`: resolves with the 2xx Response, body unread. */
export async function runRequest(options: RunRequestOptions<Response>): Promise<Response>;
/** Runs the attempts and returns what `readSuccess` (or the default) made of the accepted answer. */
export async function runRequest<T>(options: RunRequestOptions<T>): Promise<T | Response> {
  const { redactor } = options;
  const method = options.method.toUpperCase();
  const path = toSafePath(options.path, redactor);
  const logger = options.logger ? createSafeLogger(options.logger, redactor) : undefined;
  // `return await`: an async function that returns a promise unwrapped takes two more ticks.
  if (logger === undefined) return await runAttempts(options, { method, path, logger, attempts: 0 });

  // One line per request, whatever its end: method, path, status, attempts and duration.
  const started = performance.now();
  const progress: Progress = { method, path, logger, attempts: 0 };
  const fields = () => ({
    method,
    path,
    ...(progress.status !== undefined ? { status: progress.status } : {}),
    attempts: progress.attempts,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const value = await runAttempts(options, progress);
    // A raw client's 4xx or 5xx is answered as `{ error }`, not thrown, and is still a failure.
    logger[statusLevel(progress.status)]('kaleyra request', fields());
    return value;
  } catch (error) {
    logger[failureLevel(error)]('kaleyra request failed', {
      ...fields(),
      error: error instanceof Error ? error.name : typeof error,
      ...(error instanceof KaleyraApiError && error.code !== undefined ? { code: error.code } : {}),
    });
    throw error;
  }
}

/** What the summary line needs from the attempts: filled in as they run. */
interface Progress {
  method: string;
  path: string;
  logger: KaleyraLogger | undefined;
  attempts: number;
  status?: number | undefined;
}

/**
 * A refused request (4xx: a wrong number, a missing template) is the caller's to act on: warn. A
 * cancel is the caller's own doing: info. Anything else (5xx, timeouts, network) is an error.
 */
function failureLevel(error: unknown): LogLevel {
  if (error instanceof KaleyraAbortError) return 'info';
  if (error instanceof KaleyraApiError) return statusLevel(error.status);
  return 'error';
}

function statusLevel(status: number | undefined): LogLevel {
  if (status !== undefined && status >= 500) return 'error';
  if (status !== undefined && status >= 400) return 'warn';
  return 'info';
}

type LogLevel = 'info' | 'warn' | 'error';

async function runAttempts<T>(options: RunRequestOptions<T>, progress: Progress): Promise<T | Response> {
  const { redactor } = options;
  const { method, path, logger } = progress;
  const sleep = options.sleep ?? defaultSleep;
  const { signal } = options;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new KaleyraAbortError({ method, path, reason: signal.reason, redactor });

    const result = await runAttempt(options, attempt, method, path, redactor);
    progress.attempts = attempt;
    progress.status = result.ok ? result.response.status : result.status;
    logger?.debug('kaleyra request attempt', {
      method,
      path,
      attempt,
      status: result.ok ? result.response.status : result.status,
      outcome: result.ok ? 'response' : (result.outcome?.kind ?? result.error.name),
    });
    if (result.ok) return result.value;

    if (result.outcome === undefined) throw result.error;
    const decision = decideRetry(result.outcome, {
      attempt,
      maxRetries: options.maxRetries,
      replayable: options.replayable,
      retryMaybeDelivered: options.retryMaybeDelivered,
      ...(options.random ? { random: options.random } : {}),
    });
    if (!decision.retry) throw result.error;

    logger?.warn('kaleyra request retry', {
      method,
      path,
      attempt,
      status: result.status,
      outcome: result.outcome.kind,
      reason: decision.reason,
      delayMs: decision.delayMs,
    });
    try {
      await (signal ? raceWithSignal(sleep(decision.delayMs, signal), signal) : sleep(decision.delayMs));
    } catch (error) {
      if (signal?.aborted) throw new KaleyraAbortError({ method, path, reason: signal.reason, redactor });
      throw new KaleyraError(`${method} ${path}: waiting to retry failed`, { cause: error, redactor });
    }
  }
}

async function runAttempt<T>(
  options: RunRequestOptions<T>,
  attempt: number,
  method: string,
  path: string,
  redactor: Redactor,
): Promise<AttemptResult<T | Response>> {
  const attemptSignal = new AttemptSignal(options.signal, options.timeoutMs);
  let response: Response;
  try {
    response = await attemptSignal.race(startAttempt(options, attemptSignal.signal, attempt));
  } catch (error) {
    attemptSignal.release();
    return failureResult(error, attemptSignal, method, path, redactor, options.timeoutMs);
  }

  if (options.accepts ? options.accepts(response) : response.ok) {
    if (options.readSuccess === undefined) {
      // The caller's signal stays linked so it can still cancel reading the body.
      attemptSignal.stopTimer();
      return { ok: true, response, value: response };
    }
    try {
      const value = await attemptSignal.race(options.readSuccess(response, attemptSignal.signal));
      attemptSignal.release();
      return { ok: true, response, value };
    } catch (error) {
      attemptSignal.release();
      // A body still locked is in the hands of the reader that failed, which cancels it itself
      // (readBytesCapped); cancelling a locked stream only builds a TypeError to reject with.
      if (response.body && !response.body.locked) response.body.cancel().catch(() => undefined);
      // The answer was a success: whatever went wrong reading it, the request must not be sent again.
      const failed = failureResult(error, attemptSignal, method, path, redactor, options.timeoutMs);
      return {
        ok: false,
        error: failed.ok
          ? new KaleyraError(`${method} ${path}: reading the answer failed`, { redactor })
          : failed.error,
        outcome: undefined,
      };
    }
  }

  const apiError = await decodeApiError(
    response,
    { method, path },
    {
      redactor,
      ...(options.now ? { now: options.now } : {}),
    },
  );
  attemptSignal.release();
  // Reading the error body is part of the attempt; if it was cut short by the caller, say so.
  if (attemptSignal.callerAborted()) {
    return {
      ok: false,
      error: new KaleyraAbortError({ method, path, reason: options.signal?.reason, redactor }),
      outcome: undefined,
    };
  }
  return { ok: false, error: apiError, outcome: responseOutcome(apiError), status: apiError.status };
}

/** Calls `attempt`, a throw becoming a rejection (without deferring the call a microtask). */
function startAttempt<T>(
  options: RunRequestOptions<T>,
  signal: AbortSignal,
  attempt: number,
): Promise<Response> {
  try {
    return Promise.resolve(options.attempt(signal, attempt));
  } catch (error) {
    return Promise.reject(error);
  }
}

function responseOutcome(error: KaleyraApiError): AttemptOutcome {
  if (error instanceof KaleyraRateLimitError && error.retryAfterMs !== undefined) {
    return { kind: 'response', status: error.status, retryAfterMs: error.retryAfterMs };
  }
  return { kind: 'response', status: error.status };
}

function failureResult(
  error: unknown,
  attemptSignal: AttemptSignal,
  method: string,
  path: string,
  redactor: Redactor,
  timeoutMs: number | undefined,
): AttemptResult<never> {
  if (attemptSignal.callerAborted()) {
    return {
      ok: false,
      error: new KaleyraAbortError({ method, path, reason: error, redactor }),
      outcome: undefined,
    };
  }
  if (attemptSignal.timedOut()) {
    return {
      ok: false,
      error: new KaleyraTimeoutError({ method, path, timeoutMs: timeoutMs ?? 0, redactor }),
      // fetch does not tell how much of the body went out before the abort.
      outcome: { kind: 'timeout', bodySent: 'unknown' },
    };
  }
  // A body that refused to go on (a stream over its size limit) fails fetch with our error inside.
  const own = ownError(error);
  if (own !== undefined) return { ok: false, error: own, outcome: undefined };

  const failure = classifyFetchFailure(error);
  if (failure.kind === 'connection-failed') {
    const connectionError = new KaleyraConnectionError({
      method,
      path,
      reachedServer: failure.reachedServer,
      ...(failure.code !== undefined ? { code: failure.code } : {}),
      cause: error,
      redactor,
    });
    return {
      ok: false,
      error: connectionError,
      outcome: { kind: 'connection-failed', reachedServer: failure.reachedServer },
    };
  }
  const what =
    failure.kind === 'invalid-request' ? 'could not be sent (invalid request)' : 'failed before any response';
  return {
    ok: false,
    error: new KaleyraError(`${method} ${path} ${what}`, { cause: error, redactor }),
    outcome: undefined,
  };
}

function ownError(error: unknown): KaleyraError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof KaleyraError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
