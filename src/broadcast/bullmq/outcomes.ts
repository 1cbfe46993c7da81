import { Job, type Queue } from 'bullmq';
import type { FinalResult, UncertainResult } from '../outcome.js';
import { sleep } from '../send-gate.js';
import { withinMs } from './deadline.js';
import { KaleyraQueueUnavailableError } from '../../index.js';
import { broadcastJobId, type BroadcastJobData } from './job-id.js';

/** Where a key's job stands: finished with an outcome, still queued or running, or gone from Redis. */
export type JobOutcome =
  { state: 'finished'; result: FinalResult } | { state: 'open' } | { state: 'missing' };

/** Keys looked up at once: their reads go out together on the queue's connection. */
export const LOOKUP_BATCH = 500;

/**
 * Each key's job as Redis holds it now. A job BullMQ failed is `rejected` if it was never sent,
 * `uncertain` if a send was under way (the worker marks the job before it sends).
 */
export async function lookupOutcomes(
  queue: Queue<BroadcastJobData, FinalResult>,
  keys: readonly string[],
): Promise<Map<string, JobOutcome>> {
  const outcomes = new Map<string, JobOutcome>();
  for (let start = 0; start < keys.length; start += LOOKUP_BATCH) {
    const batch = keys.slice(start, start + LOOKUP_BATCH);
    const jobs = await Promise.all(
      batch.map((key) => Job.fromId<BroadcastJobData, FinalResult>(queue, broadcastJobId(key))),
    );
    batch.forEach((key, i) => outcomes.set(key, outcomeOf(key, jobs[i])));
  }
  return outcomes;
}

function outcomeOf(key: string, job: Job<BroadcastJobData, FinalResult> | undefined): JobOutcome {
  if (!job) return { state: 'missing' };
  if (job.finishedOn === undefined) return { state: 'open' };
  if (job.returnvalue) return { state: 'finished', result: job.returnvalue };
  const reason = job.failedReason || 'failed in BullMQ without a reason';
  return {
    state: 'finished',
    result:
      job.data.attemptedAt !== undefined
        ? { key, outcome: 'uncertain', reason }
        : { key, outcome: 'rejected', reason },
  };
}

export interface WaitForOutcomesOptions {
  /** Called once per key, as soon as its outcome is known (a lost job's too, as `uncertain`). */
  onResult?: (result: FinalResult) => void;
  /** Between two looks at the open keys. Default 250 ms. */
  pollMs?: number;
  /**
   * How long Redis may go without answering before the wait fails with
   * `KaleyraQueueUnavailableError`. Default 30 000 ms.
   */
  unavailableAfterMs?: number;
  /** Stops the wait (rejects with the signal's reason); the jobs stay queued. */
  signal?: AbortSignal;
}

export interface WaitForOutcomesSummary {
  /** Keys with an outcome from their job. */
  finished: number;
  /**
   * Keys whose job vanished from Redis before it finished (Redis restarted without persistence, keys
   * evicted or deleted): each was reported `uncertain`, since a worker may have sent it.
   */
  lost: string[];
}

/** Why a key whose job vanished is reported uncertain rather than waited for or resent. */
export const LOST_JOB_REASON =
  'its job vanished from Redis before it finished (restarted without persistence, or evicted): it may have been sent';

/**
 * Waits until every key has an outcome, reporting each through `onResult`, and never longer than
 * Redis stays silent: a job that vanished is reported `uncertain` at once (a vanished job and a
 * waiting one would otherwise look alike forever), and a Redis that does not answer for
 * `unavailableAfterMs` fails the wait with `KaleyraQueueUnavailableError`.
 */
export async function waitForOutcomes(
  queue: Queue<BroadcastJobData, FinalResult>,
  keys: Iterable<string>,
  options: WaitForOutcomesOptions = {},
): Promise<WaitForOutcomesSummary> {
  const pollMs = options.pollMs ?? 250;
  const open = new Set(keys);
  const summary: WaitForOutcomesSummary = { finished: 0, lost: [] };
  const watch = new OutcomeWatch(queue, open, {
    ...options,
    onFinished: (result) => {
      summary.finished++;
      options.onResult?.(result);
    },
    onLost: (result) => {
      summary.lost.push(result.key);
      options.onResult?.(result);
    },
  });
  try {
    while (open.size > 0) {
      await watch.look([...open]);
      if (open.size > 0) await sleep(pollMs, options.signal);
    }
    return summary;
  } finally {
    watch.stop();
  }
}

interface OutcomeWatchOptions {
  onFinished: (result: FinalResult) => void;
  onLost: (result: UncertainResult) => void;
  unavailableAfterMs?: number;
  signal?: AbortSignal;
  /** Said after the count of open keys when Redis stays silent (what else was not done). */
  unsaid?: () => string;
}

/**
 * The one home of "look at the open keys' jobs": each key leaves `open` once its job finished or
 * vanished (reported through the callbacks), and a Redis silent for `unavailableAfterMs` fails with
 * `KaleyraQueueUnavailableError` naming the keys still open.
 */
export class OutcomeWatch {
  private lastAnswer = Date.now();
  private lastError: unknown;
  private readonly onError = (error: unknown) => (this.lastError = error);
  private readonly unavailableAfterMs: number;

  /** Watches `open` (keys leave it as they settle) on `queue`, reporting through `options`. */
  constructor(
    private readonly queue: Queue<BroadcastJobData, FinalResult>,
    private readonly open: Set<string>,
    private readonly options: OutcomeWatchOptions,
  ) {
    this.unavailableAfterMs = options.unavailableAfterMs ?? 30_000;
    queue.on('error', this.onError);
  }

  /**
   * Looks up `keys` (open ones) once; returns how many left `open`, 0 too when Redis did not answer
   * this time (look again after a pause).
   */
  async look(keys: readonly string[]): Promise<number> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const waitLeft = this.unavailableAfterMs - (Date.now() - this.lastAnswer);
    // A client set to give up on commands rejects them while Redis is down; one set to wait
    // (maxRetriesPerRequest: null, as BullMQ asks) never settles them: both count as no answer.
    const outcomes =
      waitLeft > 0
        ? await withinMs(lookupOutcomes(this.queue, keys), waitLeft, signal).catch((error: unknown) => {
            if (signal?.aborted) throw error;
            this.lastError = error;
            return null;
          })
        : undefined;
    if (outcomes === undefined) {
      // Only the error's code (ECONNREFUSED, ETIMEDOUT): its message may name the Redis URL.
      const code = (this.lastError as { code?: unknown } | undefined)?.code;
      const errno = typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? ` (${code})` : '';
      throw new KaleyraQueueUnavailableError(
        `Redis did not answer for ${Math.round(this.unavailableAfterMs / 1_000)} s${errno}; ` +
          `${this.open.size} key(s) have no outcome yet and were not resent${this.options.unsaid?.() ?? ''}`,
        this.unavailableAfterMs,
        [...this.open],
      );
    }
    if (outcomes === null) return 0;
    this.lastAnswer = Date.now();
    let settled = 0;
    for (const [key, outcome] of outcomes) {
      if (outcome.state === 'open' || !this.open.delete(key)) continue;
      settled++;
      if (outcome.state === 'finished') this.options.onFinished(outcome.result);
      else this.options.onLost({ key, outcome: 'uncertain', reason: LOST_JOB_REASON });
    }
    return settled;
  }

  /** Stops listening to the queue's errors. */
  stop(): void {
    this.queue.off('error', this.onError);
  }
}
