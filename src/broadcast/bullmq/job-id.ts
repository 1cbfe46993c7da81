import type { BroadcastMessage } from '../message.js';

/** What a queued job holds: the message, its key, and the mark a worker sets before it sends. */
export type BroadcastJobData = BroadcastMessage & {
  key: string;
  /** Set (in Redis) before the send starts; a job that comes back with it set was cut short. */
  attemptedAt?: string;
};

/**
 * The BullMQ job id of a key: the key itself, escaped, since BullMQ refuses ids with `:` and ids
 * that read as integers. Adding a key twice is then a no-op: BullMQ keeps the first job.
 */
export function broadcastJobId(key: string): string {
  return `key-${encodeURIComponent(key)}`;
}
