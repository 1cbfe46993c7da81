/**
 * Deadlines for body reads, swept by one shared interval instead of a timer per request: a
 * setTimeout and clearTimeout for every callback cost the Node receiver about a third of its time
 * per request (measured with bench/callback-receiver.mjs). A deadline fires up to SWEEP_MS late.
 */
const SWEEP_MS = 50;
const watched = new Set<BodyDeadline>();
let sweeper: ReturnType<typeof setInterval> | undefined;

/** One read's deadline: `onLate` runs once it passes, unless `cancel` came first. */
export class BodyDeadline {
  readonly #at: number;
  readonly #onLate: () => void;

  /** Watches a read that must end within `timeoutMs`; the shared sweep starts with the first one. */
  constructor(timeoutMs: number, onLate: () => void) {
    this.#at = Date.now() + timeoutMs;
    this.#onLate = onLate;
    watched.add(this);
    if (sweeper === undefined) {
      sweeper = setInterval(sweep, SWEEP_MS);
      // The sweep must not keep a process alive on its own (Node, Deno, Bun have unref; browsers do not).
      (sweeper as { unref?: () => void }).unref?.();
    }
  }

  /** The read ended in time: forget it. */
  cancel(): void {
    watched.delete(this);
  }

  /** Runs `onLate` when the deadline has passed; true if it did. */
  expireAt(now: number): boolean {
    if (now < this.#at) return false;
    watched.delete(this);
    try {
      this.#onLate();
    } catch {
      // A late read's own handler must not stop the sweep for the others.
    }
    return true;
  }
}

function sweep(): void {
  const now = Date.now();
  for (const deadline of watched) deadline.expireAt(now);
  if (watched.size === 0 && sweeper !== undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}
