import { KaleyraQueueUnavailableError } from '../../index.js';

/** The promise's value, or undefined once `ms` passed first. A rejection still rejects. */
export async function withinMs<T>(
  promise: Promise<T>,
  ms: number,
  signal?: AbortSignal,
): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  let onAbort: (() => void) | undefined;
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      })
    : undefined;
  try {
    return await Promise.race([promise, timeout, ...(aborted ? [aborted] : [])]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The step's value, or `KaleyraQueueUnavailableError` once Redis kept it waiting `ms`: BullMQ's
 * connections (maxRetriesPerRequest: null) hold a command while Redis is down instead of failing it.
 */
export async function redisStep<T>(step: Promise<T>, ms: number, what: string): Promise<T> {
  const value = await withinMs(
    step.then((v) => ({ v })),
    ms,
  );
  if (value === undefined)
    throw new KaleyraQueueUnavailableError(
      `Redis did not answer for ${Math.round(ms / 1_000)} s while ${what}`,
      ms,
      [],
    );
  return value.v;
}
