// kaleyra-whatsapp/broadcast/bullmq: the same sends, spread over a fleet of workers sharing one Redis.
// bullmq (and the Redis client it brings) is an optional peer dependency loaded only from here.
import { Job, Queue, Worker, type ConnectionOptions, type WorkerOptions } from 'bullmq';
import type { CallOptions, KaleyraClient } from '../../index.js';
import { attemptSend, rateLimitPauseMs } from '../attempt.js';
import type { BroadcastJob, BroadcastMessage } from '../message.js';
import type { FinalResult } from '../outcome.js';

/** What a queued job holds: the message, its key, and the mark a worker sets before it sends. */
export type BroadcastJobData = BroadcastMessage & {
  key: string;
  /** Set (in Redis) before the send starts; a job that comes back with it set was cut short. */
  attemptedAt?: string;
};

export const BROADCAST_JOB_NAME = 'kaleyra-send';

/**
 * The BullMQ job id of a key: the key itself, escaped, since BullMQ refuses ids with `:` and ids
 * that read as integers. Adding a key twice is then a no-op: BullMQ keeps the first job.
 */
export function broadcastJobId(key: string): string {
  return `key-${encodeURIComponent(key)}`;
}

export interface EnqueueOptions {
  /** Jobs per addBulk round trip. Default 500. */
  batchSize?: number;
  /** Attempts for sends that provably never left (refused connections). Default 5. */
  attempts?: number;
}

/** Adds every job to the queue under its key. Returns how many jobs were given. */
export async function enqueueBroadcast(
  queue: Queue<BroadcastJobData, FinalResult>,
  jobs: Iterable<BroadcastJob> | AsyncIterable<BroadcastJob>,
  options: EnqueueOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const opts = {
    attempts: options.attempts ?? 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: false,
    removeOnFail: false,
  };
  let batch: Array<{ name: string; data: BroadcastJobData; opts: typeof opts & { jobId: string } }> = [];
  let count = 0;
  for await (const job of jobs) {
    batch.push({ name: BROADCAST_JOB_NAME, data: job, opts: { ...opts, jobId: broadcastJobId(job.key) } });
    count++;
    if (batch.length >= batchSize) {
      await queue.addBulk(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await queue.addBulk(batch);
  return count;
}

export interface BroadcastWorkerOptions {
  /** The Redis connection the worker's BullMQ queue uses. */
  connection: ConnectionOptions;
  /** Sends in flight in this worker. Default 8. */
  concurrency?: number;
  /** Queue-wide: at most `max` sends started per `duration` ms across every worker of the queue. */
  limiter?: { max: number; duration: number };
  /** Send again jobs a crashed worker left mid-send. Off by default: they may have been delivered. */
  retryMaybeDelivered?: boolean;
  /** Per request; default: the client's. */
  timeoutMs?: number;
  /** Any other BullMQ worker setting (lockDuration, stalledInterval, ...). */
  worker?: Omit<WorkerOptions, 'connection' | 'concurrency' | 'limiter'>;
}

/**
 * A BullMQ worker that sends the queue's broadcast jobs. Each job completes with its outcome as
 * the return value (`accepted`, `rejected` or `uncertain`): an uncertain job is complete, so BullMQ's
 * retries never resend it. A 429 becomes a pause of the whole queue (`rateLimit`) and the job goes
 * back to wait without using an attempt.
 */
export function createBroadcastWorker(
  client: KaleyraClient,
  queueName: string,
  options: BroadcastWorkerOptions,
): Worker<BroadcastJobData, FinalResult> {
  const queue = new Queue<BroadcastJobData, FinalResult>(queueName, { connection: options.connection });
  const call: CallOptions = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  let consecutive429 = 0;

  const send = async (job: Job<BroadcastJobData, FinalResult>): Promise<FinalResult> => {
    const { attemptedAt, ...queued } = job.data;
    if (attemptedAt !== undefined && !options.retryMaybeDelivered) {
      return {
        key: queued.key,
        outcome: 'uncertain',
        reason: 'a worker stopped during this send (crash or lost lock): it may have been delivered',
      };
    }
    // Durable in Redis before a byte leaves: if this worker dies mid-send, the next one sees it.
    await job.updateData({ ...queued, attemptedAt: new Date().toISOString() });
    const verdict = await attemptSend(client, queued, call);
    if (verdict.verdict === 'final') {
      consecutive429 = 0;
      return verdict.result;
    }
    // Not processed by Kaleyra: clear the mark, so the next attempt is an ordinary one.
    await job.updateData(queued);
    if (verdict.verdict === 'rate-limited') {
      await queue.rateLimit(rateLimitPauseMs(verdict.retryAfterMs, ++consecutive429));
      throw Worker.RateLimitError();
    }
    throw new Error(`not sent, will be retried by BullMQ: ${verdict.reason}`);
  };

  const worker = new Worker<BroadcastJobData, FinalResult>(queueName, send, {
    ...options.worker,
    connection: options.connection,
    concurrency: options.concurrency ?? 8,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  worker.on('closed', () => void queue.close());
  return worker;
}

/**
 * The outcome of each key so far: its result once its job finished, `undefined` while it waits or
 * runs. A job BullMQ failed is `rejected` if it was never sent, `uncertain` if a send was under way.
 */
export async function broadcastResults(
  queue: Queue<BroadcastJobData, FinalResult>,
  keys: Iterable<string>,
): Promise<Map<string, FinalResult | undefined>> {
  const results = new Map<string, FinalResult | undefined>();
  for (const key of keys) {
    const job = await Job.fromId<BroadcastJobData, FinalResult>(queue, broadcastJobId(key));
    if (!job) {
      results.set(key, undefined);
      continue;
    }
    if (job.finishedOn !== undefined && job.returnvalue) results.set(key, job.returnvalue);
    else if (job.finishedOn !== undefined && job.failedReason) {
      const reason = job.failedReason;
      results.set(
        key,
        job.data.attemptedAt !== undefined
          ? { key, outcome: 'uncertain', reason }
          : { key, outcome: 'rejected', reason },
      );
    } else results.set(key, undefined);
  }
  return results;
}
