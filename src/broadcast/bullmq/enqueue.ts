import type { Queue } from 'bullmq';
import type { BroadcastJob } from '../message.js';
import type { FinalResult } from '../outcome.js';
import { agreeOnRateLimit } from './agreed-limit.js';
import { redisStep } from './deadline.js';
import { broadcastJobId, type BroadcastJobData } from './job-id.js';
import type { RateLimit } from '../../index.js';

export const BROADCAST_JOB_NAME = 'kaleyra-send';

export interface EnqueueOptions {
  /** Jobs per addBulk round trip. Default 500. */
  batchSize?: number;
  /** Attempts for sends that provably never left (refused connections). Default 5. */
  attempts?: number;
  /**
   * The fleet's rate, stored with the queue: every worker then keeps to it, and a worker given another
   * limit refuses to start (`KaleyraQueueLimitMismatchError`). Refused here too if the queue already
   * has a different one.
   */
  limiter?: RateLimit;
  /** How long Redis may keep a step waiting before this fails with `KaleyraQueueUnavailableError`. Default 30 000 ms. */
  unavailableAfterMs?: number;
}

/** Adds every job to the queue under its key. Returns how many jobs were given. */
export async function enqueueBroadcast(
  queue: Queue<BroadcastJobData, FinalResult>,
  jobs: Iterable<BroadcastJob> | AsyncIterable<BroadcastJob>,
  options: EnqueueOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const within = options.unavailableAfterMs ?? 30_000;
  await redisStep(agreeOnRateLimit(queue, options.limiter), within, 'storing the rate limit');
  let batch: BroadcastJob[] = [];
  let count = 0;
  for await (const job of jobs) {
    batch.push(job);
    count++;
    if (batch.length >= batchSize) {
      await addJobs(queue, batch, options);
      batch = [];
    }
  }
  if (batch.length > 0) await addJobs(queue, batch, options);
  return count;
}

/**
 * One addBulk round trip: each job under its key's id (a key already queued adds nothing), kept
 * after it finishes (its return value is its outcome), within the Redis deadline.
 */
export async function addJobs(
  queue: Queue<BroadcastJobData, FinalResult>,
  jobs: readonly BroadcastJob[],
  options: EnqueueOptions,
): Promise<void> {
  const opts = {
    attempts: options.attempts ?? 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: false,
    removeOnFail: false,
  };
  await redisStep(
    queue.addBulk(
      jobs.map((job) => ({
        name: BROADCAST_JOB_NAME,
        data: job,
        opts: { ...opts, jobId: broadcastJobId(job.key) },
      })),
    ),
    options.unavailableAfterMs ?? 30_000,
    'adding jobs',
  );
}
