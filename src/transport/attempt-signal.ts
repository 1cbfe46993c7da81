/**
 * One attempt's AbortSignal: fires when the caller's signal does or when the attempt's own timeout
 * elapses, and remembers which, because the two mean different errors (abort is never retried; a
 * timeout may be). Built by hand rather than with AbortSignal.any/timeout so it behaves the same on
 * every runtime and the timer can be stopped once an answer arrives.
 */
export interface AttemptSignal {
  /** Aborts when the caller's signal does or the attempt times out; pass it to fetch. */
  readonly signal: AbortSignal;
  /** Whether the attempt's own timeout fired (a possibly retried timeout, not an abort). */
  readonly timedOut: () => boolean;
  /** Whether the caller's signal fired (never retried). */
  readonly callerAborted: () => boolean;
  /** Stops the timeout; the caller's signal still aborts (e.g. a body being read). */
  readonly stopTimer: () => void;
  /** Stops the timeout and unlinks from the caller's signal. */
  readonly release: () => void;
}

/** Combines the caller's signal with a per-attempt timeout, remembering which of the two fired. */
export function createAttemptSignal(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;

  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && !controller.signal.aborted) {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  }

  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    callerAborted: () => callerSignal?.aborted === true,
    stopTimer,
    release: () => {
      stopTimer();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts, for attempt functions that ignore
 * their signal. A Response that arrives after losing the race has its body cancelled so the
 * connection is freed.
 */
export function raceWithSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      work.then(discard, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function discard(value: unknown): void {
  if (typeof Response !== 'undefined' && value instanceof Response && !value.bodyUsed) {
    value.body?.cancel().catch(() => undefined);
  }
}
