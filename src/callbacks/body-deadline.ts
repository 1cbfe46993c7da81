/**
 * Deadlines for body reads, swept by one shared interval instead of a timer per request: a
 * setTimeout and clearTimeout for every callback cost the Node receiver about a third of its time
 * per request (measured with bench/callback-receiver.mjs). A deadline fires up to SWEEP_MS late.
 */
const SWEEP_MS = 50;
// An array, not a Set: a read that ends in time only marks its deadline done, and the next sweep
// drops it. A Set's add and delete per callback cost more than the whole sweep.
let watched: BodyDeadline[] = [];
let sweeper: ReturnType<typeof setInterval> | undefined;

/** One read's deadline: `onLate` runs once it passes, unless `cancel` came first. */
export class BodyDeadline {
  readonly #at: number;
  /** Dropped once the read is over, so a finished request is not held until the next sweep. */
  #onLate: (() => void) | undefined;

  /** Watches a read that must end within `timeoutMs`; the shared sweep starts with the first one. */
  constructor(timeoutMs: number, onLate: () => void) {
    this.#at = Date.now() + timeoutMs;
    this.#onLate = onLate;
    watched.push(this);
    if (sweeper === undefined) {
      sweeper = setInterval(sweep, SWEEP_MS);
      // The sweep must not keep a process alive on its own (Node, Deno, Bun have unref; browsers do not).
      (sweeper as { unref?: () => void }).unref?.();
    }
  }

  /** The read ended in time: forget it. */
  cancel(): void {
    this.#onLate = undefined;
  }

  /** Runs `onLate` when the deadline has passed (once, and never after `cancel`); true once it is over either way. */
  expireAt(now: number): boolean {
    const onLate = this.#onLate;
    if (onLate === undefined) return true;
    if (now < this.#at) return false;
    this.#onLate = undefined;
    try {
      onLate();
    } catch {
      // A late read's own handler must not stop the sweep for the others.
    }
    return true;
  }
}

function sweep(): void {
  const now = Date.now();
  const current = watched;
  // A deadline made by an onLate handler lands in the new list, so it is not lost.
  watched = [];
  for (const deadline of current) if (!deadline.expireAt(now)) watched.push(deadline);
  if (watched.length === 0 && sweeper !== undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}
