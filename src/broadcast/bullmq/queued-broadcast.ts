import type { Queue } from 'bullmq';
import { KeyHashSet } from '../key-set.js';
import { missingKey, repeatedKey, type BroadcastJob } from '../message.js';
import type { FinalResult, RejectedResult } from '../outcome.js';
import { sleep } from '../send-gate.js';
import { agreeOnRateLimit } from './agreed-limit.js';
import { redisStep } from './deadline.js';
import { addJobs, type EnqueueOptions } from './enqueue.js';
import type { BroadcastJobData } from './job-id.js';
import { LOOKUP_BATCH, OutcomeWatch } from './outcomes.js';

export interface QueuedBroadcastOptions extends EnqueueOptions {
  /**
   * Jobs queued and without an outcome at most at once: the next ones are read from `jobs` as
   * outcomes come, so memory (and Redis) holds this many, however many jobs there are. Default 2 000;
   * keep it above what the fleet sends in a few `pollMs`, or the workers wait for work.
   */
  window?: number;
  /** Called once per job, as soon as its outcome is known (a lost job's too, as `uncertain`). */
  onResult?: (result: FinalResult) => void | Promise<void>;
  /** The longest pause between two looks at the open jobs. Default 250 ms. */
  pollMs?: number;
  /** Stops queueing and waiting (rejects with the signal's reason); the jobs queued stay queued. */
  signal?: AbortSignal;
}

export interface QueuedBroadcastSummary {
  /** Jobs added to the queue (a key already in the queue from an earlier run adds nothing new). */
  queued: number;
  /** Jobs with an outcome from their job. */
  finished: number;
  /** Jobs whose key was not a non-empty string, or came again: `rejected`, not queued. */
  rejected: number;
  /**
   * Jobs that vanished from Redis before they finished (restarted without persistence, keys evicted):
   * each was reported `uncertain`, since a worker may have sent it.
   */
  lost: number;
}

const DEFAULT_WINDOW = 2_000;
/** The fewest open keys looked up at once, when the last look found few finished. */
const FIRST_LOOK = 64;

/**
 * A broadcast through the queue, streamed: queues `jobs` under their keys (as `enqueueBroadcast`)
 * while the fleet works, never more than `window` without an outcome, and reports each job's outcome
 * through `onResult` (as `waitForOutcomes`: a vanished job is `uncertain` at once, a Redis silent
 * for `unavailableAfterMs` fails with `KaleyraQueueUnavailableError`). Memory stays flat in the
 * number of jobs: a job is held until it is queued, a key until its outcome, and the keys met
 * (each is queued once: one given again is `rejected`, rule `unique`) as 64-bit hashes.
 *
 * The oldest open keys are looked up first, as many as the last look found finished (twice that,
 * 64 to 500), and at once again when most of them had finished: the lookups follow the fleet's pace,
 * not the number of keys.
 */
export async function broadcastThroughQueue(
  queue: Queue<BroadcastJobData, FinalResult>,
  jobs: Iterable<BroadcastJob> | AsyncIterable<BroadcastJob>,
  options: QueuedBroadcastOptions = {},
): Promise<QueuedBroadcastSummary> {
  const window = Math.max(1, Math.floor(options.window ?? DEFAULT_WINDOW));
  const batchSize = Math.min(options.batchSize ?? 500, window);
  const within = options.unavailableAfterMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const { signal } = options;
  const summary: QueuedBroadcastSummary = { queued: 0, finished: 0, rejected: 0, lost: 0 };
  // onResult may be async (a result file waiting on a full disk): its promises run one after the other.
  let reporting: Promise<void> = Promise.resolve();
  const report = (result: FinalResult) => {
    reporting = reporting.then(() => options.onResult?.(result));
  };
  await redisStep(agreeOnRateLimit(queue, options.limiter), within, 'storing the rate limit');

  const seen = new KeyHashSet();
  const open = new Set<string>(); // in the order queued: the oldest first
  let exhausted = false;
  const watch = new OutcomeWatch(queue, open, {
    unavailableAfterMs: within,
    ...(signal ? { signal } : {}),
    unsaid: () => (exhausted ? '' : '; the jobs after them were not queued'),
    onFinished: (result) => {
      summary.finished++;
      report(result);
    },
    onLost: (result) => {
      summary.lost++;
      report(result);
    },
  });
  const source = Symbol.asyncIterator in jobs ? jobs[Symbol.asyncIterator]() : jobs[Symbol.iterator]();
  try {
    let look = FIRST_LOOK;
    while (!exhausted || open.size > 0) {
      while (!exhausted && open.size < window) {
        const batch: BroadcastJob[] = [];
        while (batch.length < batchSize && open.size + batch.length < window) {
          signal?.throwIfAborted();
          const next = await source.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          const rejected = refusedKey(next.value, seen);
          if (rejected) {
            summary.rejected++;
            report(rejected);
          } else batch.push(next.value);
        }
        if (batch.length === 0) continue;
        await addJobs(queue, batch, options);
        for (const job of batch) open.add(job.key);
        summary.queued += batch.length;
      }
      await reporting; // a slow result file holds the queueing back, not memory
      if (open.size === 0) continue;
      const keys: string[] = [];
      for (const key of open) {
        if (keys.length >= look) break;
        keys.push(key);
      }
      const settled = await watch.look(keys);
      look = Math.min(LOOKUP_BATCH, Math.max(FIRST_LOOK, settled * 2));
      if (open.size > 0 && settled * 2 < keys.length) await sleep(pollMs, signal);
    }
    await reporting;
    return summary;
  } finally {
    watch.stop();
    if (!exhausted) await source.return?.();
  }
}

/** The rejection of a job that cannot be queued under its key, if it is one. */
function refusedKey(job: BroadcastJob, seen: KeyHashSet): RejectedResult | undefined {
  const keyless = missingKey(job);
  if (keyless) return keyless;
  return seen.add(job.key) ? undefined : repeatedKey(job.key, '; it is queued once');
}
