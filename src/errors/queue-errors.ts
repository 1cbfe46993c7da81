import { brandErrorClass } from './brand.js';
import { KaleyraError } from './kaleyra-error.js';

/**
 * Redis did not answer for longer than the caller allows: the broadcast stops waiting instead of
 * hanging. Nothing is known about the keys still open; they are neither resent nor reported done.
 */
export class KaleyraQueueUnavailableError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraQueueUnavailableError');
  }

  /** How long Redis had not answered when the wait gave up, in ms. */
  readonly unavailableMs: number;
  /** The keys that had no outcome yet. */
  readonly openKeys: readonly string[];

  /** `message` says what Redis last answered; no cause is kept (a connection error may name the Redis URL's password). */
  constructor(message: string, unavailableMs: number, openKeys: readonly string[]) {
    super(message);
    this.unavailableMs = unavailableMs;
    this.openKeys = openKeys;
  }

  /** The fields safe to log: the open keys are counted, not listed. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), unavailableMs: this.unavailableMs, openKeys: this.openKeys.length };
  }
}

/**
 * A worker's `limiter` differs from the one stored with the queue: started anyway, the fleet would
 * not keep one rate. Thrown before the worker takes any job.
 */
export class KaleyraQueueLimitMismatchError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraQueueLimitMismatchError');
  }

  /** The limit stored with the queue, which every worker must use. */
  readonly agreed: Readonly<RateLimit>;
  /** The limit this worker was given. */
  readonly given: Readonly<RateLimit>;

  /** Names the queue and both limits in the message. */
  constructor(queueName: string, agreed: RateLimit, given: RateLimit) {
    super(
      `queue "${queueName}" sends at most ${agreed.max} per ${agreed.duration} ms, agreed when it was set up; ` +
        `this worker was given ${given.max} per ${given.duration} ms and does not start ` +
        `(use the queue's limit, or change it for every worker with queue.setGlobalRateLimit)`,
    );
    this.agreed = agreed;
    this.given = given;
  }

  /** The fields safe to log, both limits included. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), agreed: this.agreed, given: this.given };
  }
}

/** At most `max` sends started per `duration` ms, across every worker of a queue. */
export interface RateLimit {
  /** Sends started per window. */
  max: number;
  /** The window, in ms. */
  duration: number;
}
