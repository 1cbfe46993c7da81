import {
  KaleyraApiError,
  KaleyraConnectionError,
  KaleyraRateLimitError,
  KaleyraUnexpectedResponseError,
  KaleyraValidationError,
} from '../index.js';

/** Kaleyra took the message; `messageId` is what its status callbacks will carry. */
export interface AcceptedResult {
  key: string;
  outcome: 'accepted';
  messageId: string | undefined;
}

/**
 * The message was refused and never delivered: the SDK's own validation (`field` and `rule`, nothing
 * was sent) or a 4xx answer (`status`, Kaleyra's `code`, its `fieldErrors`). Never retried: the same
 * request would be refused again.
 */
export interface RejectedResult {
  key: string;
  outcome: 'rejected';
  status?: number;
  code?: string;
  fieldErrors?: Readonly<Record<string, string>>;
  field?: string;
  rule?: string;
  reason: string;
}

/**
 * The message may or may not be on the phone: a timeout, a 5xx, a connection dropped after sending,
 * or an attempt a crash interrupted. Not sent again unless the caller opts in with `retryMaybeDelivered`.
 */
export interface UncertainResult {
  key: string;
  outcome: 'uncertain';
  status?: number;
  code?: string;
  reason: string;
}

export type FinalResult = AcceptedResult | RejectedResult | UncertainResult;

/** The journal already had an outcome for this key: nothing was sent this time. */
export interface SkippedResult {
  key: string;
  outcome: 'skipped';
  earlier: FinalResult;
}

export type BroadcastResult = FinalResult | SkippedResult;
export type BroadcastOutcome = BroadcastResult['outcome'];

/** What one failed attempt means for the job, decided from the error alone. */
export type AttemptVerdict =
  | { verdict: 'final'; result: FinalResult }
  /** 429: not processed; wait (every lane, not only this one) and send the same job again. */
  | { verdict: 'rate-limited'; retryAfterMs: number | undefined }
  /** The request provably never left (a refused connection): sending it again cannot duplicate it. */
  | { verdict: 'not-sent'; reason: string };

/**
 * Classifies the error of one send. Only what provably was not processed comes back as worth
 * another attempt; anything that may have reached Kaleyra is `uncertain`, whatever its cause.
 */
export function classifySendError(key: string, error: unknown): AttemptVerdict {
  if (error instanceof KaleyraValidationError) {
    return { verdict: 'final', result: { key, outcome: 'rejected', field: error.field, rule: error.rule, reason: error.detail } };
  }
  if (error instanceof KaleyraRateLimitError) return { verdict: 'rate-limited', retryAfterMs: error.retryAfterMs };
  if (error instanceof KaleyraApiError) {
    const reason = error.serverMessage?.trim() || error.message;
    const known = { status: error.status, ...(error.code !== undefined ? { code: error.code } : {}) };
    if (error.status >= 500) return { verdict: 'final', result: { key, outcome: 'uncertain', ...known, reason } };
    return { verdict: 'final', result: { key, outcome: 'rejected', ...known, fieldErrors: error.fieldErrors, reason } };
  }
  // A 2xx with a body we could not read: accepted, and its id unknown.
  if (error instanceof KaleyraUnexpectedResponseError) return { verdict: 'final', result: { key, outcome: 'accepted', messageId: undefined } };
  if (error instanceof KaleyraConnectionError && error.reachedServer === false) return { verdict: 'not-sent', reason: error.message };
  // Timeouts, resets after sending, aborts mid-request and anything unforeseen.
  const reason = error instanceof Error ? error.message : String(error);
  return { verdict: 'final', result: { key, outcome: 'uncertain', reason } };
}
