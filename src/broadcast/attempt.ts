import type { CallOptions, KaleyraClient } from '../index.js';
import { acceptedMessageId, sendMessage, type BroadcastJob } from './message.js';
import { classifySendError, type AttemptVerdict } from './outcome.js';

/**
 * Sends a job once and says what happened. The client is told not to retry by itself: a 429 must
 * reach the broadcast, which pauses every lane (or the whole BullMQ queue), not only this request.
 */
export async function attemptSend(
  client: KaleyraClient,
  job: BroadcastJob,
  call: CallOptions = {},
): Promise<AttemptVerdict> {
  try {
    const response = await sendMessage(client, job, { ...call, maxRetries: 0, retryMaybeDelivered: false });
    return {
      verdict: 'final',
      result: { key: job.key, outcome: 'accepted', messageId: acceptedMessageId(response) },
    };
  } catch (error) {
    return classifySendError(job.key, error);
  }
}

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;

/** How long to stop after the n-th 429 in a row (from 1) when the server named no Retry-After. */
export function rateLimitPauseMs(retryAfterMs: number | undefined, consecutive: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs;
  return Math.min(FIRST_PAUSE_MS * 2 ** Math.max(0, consecutive - 1), LONGEST_PAUSE_MS);
}
