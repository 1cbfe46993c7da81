import type { Queue } from 'bullmq';
import { KaleyraQueueLimitMismatchError, type RateLimit } from '../../index.js';

/**
 * Stores `limit` with the queue (BullMQ's global rate limit, which its scripts apply to every worker
 * whatever that worker's own `limiter` says) when the queue has none, and refuses one that differs
 * from what is stored. Returns the limit in force, if any.
 *
 * Two workers setting up an empty queue at once may both write; the read after the write tells the
 * loser that its limit did not stick.
 */
export async function agreeOnRateLimit(
  queue: Queue,
  limit: RateLimit | undefined,
): Promise<RateLimit | undefined> {
  let agreed = await queue.getGlobalRateLimit();
  if (!agreed && limit) {
    await queue.setGlobalRateLimit(limit.max, limit.duration);
    agreed = await queue.getGlobalRateLimit();
  }
  if (agreed && limit && (agreed.max !== limit.max || agreed.duration !== limit.duration))
    throw new KaleyraQueueLimitMismatchError(queue.name, agreed, limit);
  return agreed ?? undefined;
}
