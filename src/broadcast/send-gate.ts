/**
 * The one place every lane of a broadcast asks before it sends: a token bucket for the rate, and a
 * pause shared by all lanes, because a 429 is about the account, not about the lane that got it.
 *
 * The bucket is kept as a single "theoretical arrival time" (GCRA): each acquire reserves the next
 * slot `1000 / ratePerSecond` ms after the previous one, with up to `burst` slots taken at once.
 * Timers only ever fire late, so the measured rate can fall below the limit but never above it.
 */
export class SendGate {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private nextSlot = 0;
  private pausedUntil = 0;

  /** A gate allowing `ratePerSecond` sends on average and up to `burst` at once; `now` is injectable for tests. */
  constructor(
    ratePerSecond: number,
    burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.intervalMs = Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
    this.toleranceMs = this.intervalMs * Math.max(0, burst - 1);
  }

  /** Resolves when this lane may send: no pause in force and a token taken. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      let now = this.now();
      if (this.pausedUntil > now) {
        await sleep(this.pausedUntil - now, signal);
        continue;
      }
      if (this.intervalMs === 0) return;
      const slot = Math.max(this.nextSlot, now - this.toleranceMs);
      this.nextSlot = slot + this.intervalMs;
      if (slot > now) await sleep(slot - now, signal);
      now = this.now();
      // A 429 may have arrived while this lane waited for its slot: the slot is given up (the rate
      // only gets lower for it) and the lane queues again behind the pause.
      if (this.pausedUntil <= now) return;
    }
  }

  /** Stops every lane from starting a send for `ms` (a longer pause already in force wins). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}

/** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
