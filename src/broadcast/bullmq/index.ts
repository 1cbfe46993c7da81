// kaleyra-whatsapp/broadcast/bullmq: the same sends, spread over a fleet of workers sharing one Redis.
// bullmq (and the Redis client it brings) is an optional peer dependency loaded only from here.
import { Queue, Worker, type ConnectionOptions, type Job, type WorkerOptions } from 'bullmq';
import type { CallOptions, KaleyraClient } from '../../index.js';
import { attemptSend, rateLimitPauseMs } from '../attempt.js';
import { malformedJob, missingKey } from '../message.js';
import type { FinalResult } from '../outcome.js';
import { assertDefaultCountry, recipientChecker, type CountryCode } from '../recipient.js';
import { agreeOnRateLimit } from './agreed-limit.js';
import { redisStep } from './deadline.js';
import type { BroadcastJobData } from './job-id.js';
import { lookupOutcomes } from './outcomes.js';
import type { RateLimit } from '../../index.js';

export { broadcastJobId, type BroadcastJobData } from './job-id.js';
export {
  lookupOutcomes,
  waitForOutcomes,
  LOST_JOB_REASON,
  type JobOutcome,
  type WaitForOutcomesOptions,
  type WaitForOutcomesSummary,
} from './outcomes.js';
export { agreeOnRateLimit } from './agreed-limit.js';
export { BROADCAST_JOB_NAME, enqueueBroadcast, type EnqueueOptions } from './enqueue.js';
export {
  broadcastThroughQueue,
  type QueuedBroadcastOptions,
  type QueuedBroadcastSummary,
} from './queued-broadcast.js';
export { KaleyraQueueLimitMismatchError, KaleyraQueueUnavailableError, type RateLimit } from '../../index.js';

export interface BroadcastWorkerOptions {
  /** The Redis connection the worker's BullMQ queue uses. */
  connection: ConnectionOptions;
  /** Sends in flight in this worker. Default 8. */
  concurrency?: number;
  /**
   * Queue-wide: at most `max` sends started per `duration` ms across every worker of the queue. The
   * first worker (or `enqueueBroadcast`) stores it with the queue; a worker given a different one
   * refuses to start. Without one, the worker keeps to the limit the queue has.
   */
  limiter?: RateLimit;
  /** Send again jobs a crashed worker left mid-send. Off by default: they may have been delivered. */
  retryMaybeDelivered?: boolean;
  /** Per request; default: the client's. */
  timeoutMs?: number;
  /**
   * The country whose local numbers a job's `to` may be written in (ISO 3166-1, e.g. `'IN'`), as
   * sendMany's option of that name: every `to` is read against the numbering plan before the send,
   * and a job that fails is `rejected` (field `to`, rule `e164`, `country-code` or `numbering-plan`).
   */
  defaultCountry?: CountryCode;
  /** How long Redis may keep the start-up waiting before it fails with `KaleyraQueueUnavailableError`. Default 30 000 ms. */
  unavailableAfterMs?: number;
  /** Any other BullMQ worker setting (lockDuration, stalledInterval, ...). */
  worker?: Omit<WorkerOptions, 'connection' | 'concurrency' | 'limiter'>;
}

/**
 * Starts a BullMQ worker that sends the queue's broadcast jobs, once its `limiter` agrees with the
 * one stored with the queue (else it rejects with `KaleyraQueueLimitMismatchError`, having taken no
 * job). Each job completes with its outcome as the return value (`accepted`, `rejected` or
 * `uncertain`): an uncertain job is complete, so BullMQ's retries never resend it. A 429 becomes a
 * pause of the whole queue (`rateLimit`) and the job goes back to wait without using an attempt.
 *
 * Connection failures are emitted as the worker's `error` event (the queue it uses for pauses
 * forwards its own there too): listen to it, or Node prints each one with its stack.
 */
export async function createBroadcastWorker(
  client: KaleyraClient,
  queueName: string,
  options: BroadcastWorkerOptions,
): Promise<Worker<BroadcastJobData, FinalResult>> {
  const defaultCountry = assertDefaultCountry('defaultCountry', options.defaultCountry);
  // Loaded before the queue is opened: an unknown country fails here, with nothing to close.
  const checkRecipient = await recipientChecker(defaultCountry);
  const queue = new Queue<BroadcastJobData, FinalResult>(queueName, { connection: options.connection });
  const call: CallOptions = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  let consecutive429 = 0;

  const send = async (job: Job<BroadcastJobData, FinalResult>): Promise<FinalResult> => {
    const { attemptedAt, ...queued } = job.data;
    // Checked as sendMany checks them: whoever filled the queue, a malformed job is rejected by rule
    // (field and rule named) and never sent, and `to` is read against the numbering plan.
    const invalid = missingKey(queued) ?? malformedJob(queued);
    if (invalid) return invalid;
    const checked = checkRecipient(queued);
    if ('rejected' in checked) return checked.rejected;
    if (attemptedAt !== undefined && !options.retryMaybeDelivered) {
      return {
        key: queued.key,
        outcome: 'uncertain',
        reason: 'a worker stopped during this send (crash or lost lock): it may have been delivered',
      };
    }
    // Durable in Redis before a byte leaves: if this worker dies mid-send, the next one sees it.
    await job.updateData({ ...queued, attemptedAt: new Date().toISOString() });
    const verdict = await attemptSend(client, checked.job, call);
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

  let limiter: RateLimit | undefined;
  try {
    limiter = await redisStep(
      agreeOnRateLimit(queue, options.limiter),
      options.unavailableAfterMs ?? 30_000,
      'agreeing on the rate limit',
    );
  } catch (error) {
    await queue.close();
    throw error;
  }
  const worker = new Worker<BroadcastJobData, FinalResult>(queueName, send, {
    ...options.worker,
    connection: options.connection,
    concurrency: options.concurrency ?? 8,
    // Also kept by the worker itself: a Redis restarted empty loses the stored one.
    ...(limiter ? { limiter } : {}),
    autorun: false,
  });
  queue.on('error', (error) => worker.emit('error', error));
  worker.on('closed', () => void queue.close());
  // run() settles when the worker closes; its failures reach the worker's `error` event.
  void worker.run().catch((error: Error) => worker.emit('error', error));
  return worker;
}

/**
 * The outcome of each key so far: its result once its job finished, `undefined` while it waits or
 * runs, or when its job is no longer in Redis (`lookupOutcomes` and `waitForOutcomes` tell those
 * apart). A job BullMQ failed is `rejected` if it was never sent, `uncertain` if a send was under way.
 */
export async function broadcastResults(
  queue: Queue<BroadcastJobData, FinalResult>,
  keys: Iterable<string>,
): Promise<Map<string, FinalResult | undefined>> {
  const results = new Map<string, FinalResult | undefined>();
  for (const [key, outcome] of await lookupOutcomes(queue, [...keys]))
    results.set(key, outcome.state === 'finished' ? outcome.result : undefined);
  return results;
}
