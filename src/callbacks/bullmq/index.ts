// kaleyra-whatsapp/callbacks/bullmq: a callback inbox in Redis, for receivers that run as a fleet.
// bullmq (and the Redis client it brings) is an optional peer dependency loaded only from here.
import { Job, Queue, Worker, type ConnectionOptions, type WorkerOptions } from 'bullmq';
import { reportSafely, type CallbackErrorReporter, type CallbackEventHandler } from '../deliver-event.js';
import type { CallbackEvent } from '../events.js';
import {
  callbackDedupeKey,
  inboxBackoffMs,
  inboxRetry,
  type CallbackInbox,
  type InboxRetryOptions,
  type ParkedCallback,
} from '../inbox.js';
import { eventOf } from '../parse-callback.js';
import { isRejection } from '../rejection.js';

/** What a queued callback holds: the payload as received and when, from which the event is rebuilt. */
export interface CallbackJobData {
  /** The callback's payload, as parsed (`event.raw`). */
  raw: unknown;
  /** When the receiver took it, in milliseconds since the epoch. */
  receivedAt: number;
}

/** The BullMQ job name of a recorded callback. */
export const CALLBACK_JOB_NAME = 'kaleyra-callback';

export interface BullmqCallbackInboxOptions extends InboxRetryOptions {
  /**
   * The Redis connection, as options (`{ host, port, maxRetriesPerRequest: null }`). Record calls go
   * through their own connection without an offline queue, so a Redis that is down means a 503 at
   * once instead of a held request. Run Redis with `appendonly yes` and `appendfsync always`: an
   * acknowledged event is only as durable as Redis keeps it.
   */
  connection: ConnectionOptions;
  /** Events handed to your function at once by this process's worker. Default 8. */
  concurrency?: number;
  /** How long a record may wait for Redis before the receiver answers 503. Default 2,000 ms. */
  recordTimeoutMs?: number;
  /** Delivered callbacks kept in Redis to refuse duplicates, the oldest removed first. Default 100,000. */
  dedupeWindow?: number;
  /** Any other BullMQ worker setting (lockDuration, stalledInterval, ...). */
  worker?: Omit<WorkerOptions, 'connection' | 'concurrency' | 'settings'>;
}

/**
 * The BullMQ job id of a callback with a dedupe key: the key, escaped (BullMQ refuses `:` in ids).
 * A duplicate is then added under the id of the first, which BullMQ keeps: one delivery.
 */
export function callbackJobId(key: string): string {
  return `cb-${encodeURIComponent(key)}`;
}

/**
 * A callback inbox on a BullMQ queue. Every receiver of the fleet records into the same queue;
 * every process that calls `start` (a receiver given the inbox does) runs a worker delivering
 * from it. A failed delivery is retried with backoff by BullMQ; one that fails every attempt stays
 * in the queue's failed set (parked) until replayed. A worker that dies mid-delivery leaves its job
 * to be taken again by another once its lock expires.
 */
export function bullmqCallbackInbox(queueName: string, options: BullmqCallbackInboxOptions): CallbackInbox {
  const retry = inboxRetry(options);
  const recordTimeoutMs = options.recordTimeoutMs ?? 2_000;
  const dedupeWindow = options.dedupeWindow ?? 100_000;
  const connection = options.connection;
  // Fail fast while Redis is away: without an offline queue a command is refused, not held.
  const queue = new Queue<CallbackJobData>(queueName, {
    connection: 'duplicate' in connection ? connection : { ...connection, enableOfflineQueue: false },
  });
  // An error event without a listener would crash the process; a refused record is already a 503.
  queue.on('error', () => undefined);
  let worker: Worker<CallbackJobData> | undefined;
  let onError: CallbackErrorReporter | undefined;

  const rebuild = (data: CallbackJobData): CallbackEvent => {
    const receivedAt = new Date(data.receivedAt);
    const event = eventOf(data.raw, receivedAt);
    return isRejection(event) ? { kind: 'unknown', raw: data.raw, receivedAt } : event;
  };

  return {
    async record(event) {
      const key = callbackDedupeKey(event);
      const adding = queue.waitUntilReady().then(() =>
        queue.add(
          CALLBACK_JOB_NAME,
          { raw: event.raw, receivedAt: event.receivedAt.getTime() },
          {
            ...(key === undefined ? {} : { jobId: callbackJobId(key) }),
            attempts: retry.attempts,
            backoff: { type: 'kaleyra-inbox' },
            removeOnComplete: { count: dedupeWindow },
            removeOnFail: false,
          },
        ),
      );
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          adding,
          new Promise((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(`callback inbox ${queueName}: Redis did not answer within ${recordTimeoutMs} ms`),
                ),
              recordTimeoutMs,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
        adding.catch(() => undefined);
      }
    },

    start(onEvent: CallbackEventHandler, startOptions = {}) {
      if (worker) throw new Error(`callback inbox ${queueName} is already started`);
      onError = startOptions.onError;
      worker = new Worker<CallbackJobData>(
        queueName,
        async (job) => {
          await onEvent(rebuild(job.data), { id: String(job.id), attempt: job.attemptsMade + 1 });
        },
        {
          ...options.worker,
          connection,
          concurrency: options.concurrency ?? 8,
          settings: { backoffStrategy: (attemptsMade: number) => inboxBackoffMs(retry, attemptsMade) },
        },
      );
      worker.on('failed', (job, error) => {
        if (!job) return;
        reportSafely(onError, error, {
          phase: 'onEvent',
          event: rebuild(job.data),
          attempt: job.attemptsMade,
          parked: job.attemptsMade >= retry.attempts,
        });
      });
      worker.on('error', (error) => reportSafely(onError, error, { phase: 'onEvent' }));
    },

    async parked(): Promise<ParkedCallback[]> {
      const jobs = await queue.getFailed(0, -1);
      return jobs.map((job) => ({
        id: String(job.id),
        event: rebuild(job.data),
        reason: job.failedReason ?? '',
        attempts: job.attemptsMade,
        parkedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp),
      }));
    },

    async replay(id) {
      const job = await Job.fromId<CallbackJobData>(queue, id);
      if (!job || !(await job.isFailed())) return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },

    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
