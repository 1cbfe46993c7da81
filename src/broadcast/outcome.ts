import {
  KaleyraApiError,
  KaleyraConnectionError,
  KaleyraRateLimitError,
  KaleyraUnexpectedResponseError,
  KaleyraValidationError,
} from '../index.js';

/** Kaleyra took the message; `messageId` is what its status callbacks will carry. */
export interface AcceptedResult {
  /** The caller's key for the job (a customer id, a CSV row key), as given. */
  key: string;
  /** Discriminant: Kaleyra accepted the message. */
  outcome: 'accepted';
  /** The id Kaleyra returned (v1: one per recipient, joined), or undefined when the 2xx body lacked it. */
  messageId: string | undefined;
}

/**
 * The message was refused and never delivered: the SDK's own validation (`field` and `rule`, nothing
 * was sent) or a 4xx answer (`status`, Kaleyra's `code`, its `fieldErrors`). Never retried: the same
 * request would be refused again.
 */
export interface RejectedResult {
  /** The caller's key for the job (a customer id, a CSV row key), as given. */
  key: string;
  /** Discriminant: refused, never delivered. */
  outcome: 'rejected';
  /** The HTTP status of a 4xx refusal; absent when the SDK's own validation refused it. */
  status?: number;
  /** Kaleyra's error `code` from the 4xx answer, when it sent one. */
  code?: string;
  /** Kaleyra's per-field error details from the 4xx answer. */
  fieldErrors?: Readonly<Record<string, string>>;
  /** The option the SDK's validation refused (nothing was sent). */
  field?: string;
  /** The validation rule that option broke. */
  rule?: string;
  /** Why it was refused, for a person: Kaleyra's message or the validation detail. */
  reason: string;
}

/**
 * The message may or may not be on the phone: a timeout, a 5xx, a connection dropped after sending,
 * or an attempt a crash interrupted. Not sent again unless the caller opts in with `retryMaybeDelivered`.
 */
export interface UncertainResult {
  /** The caller's key for the job (a customer id, a CSV row key), as given. */
  key: string;
  /** Discriminant: may or may not have been delivered. */
  outcome: 'uncertain';
  /** The HTTP status of a 5xx answer; absent for timeouts, resets and interrupted attempts. */
  status?: number;
  /** Kaleyra's error `code` from the 5xx answer, when it sent one. */
  code?: string;
  /** What happened, for a person (the error's message or Kaleyra's). */
  reason: string;
}

/** How a job ended once it was tried: accepted, rejected or uncertain. */
export type FinalResult = AcceptedResult | RejectedResult | UncertainResult;

/** The journal already had an outcome for this key: nothing was sent this time. */
export interface SkippedResult {
  /** The caller's key for the job (a customer id, a CSV row key), as given. */
  key: string;
  /** Discriminant: not sent this run because the journal already had an outcome. */
  outcome: 'skipped';
  /** The outcome the journal recorded for this key in an earlier run. */
  earlier: FinalResult;
}

/** What a broadcast reports for each job: a final outcome or a skip. */
export type BroadcastResult = FinalResult | SkippedResult;
/** The `outcome` values a broadcast result can have. */
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
    return {
      verdict: 'final',
      result: { key, outcome: 'rejected', field: error.field, rule: error.rule, reason: error.detail },
    };
  }
  if (error instanceof KaleyraRateLimitError)
    return { verdict: 'rate-limited', retryAfterMs: error.retryAfterMs };
  if (error instanceof KaleyraApiError) {
    const reason = error.serverMessage?.trim() || error.message;
    const known = { status: error.status, ...(error.code !== undefined ? { code: error.code } : {}) };
    if (error.status >= 500)
      return { verdict: 'final', result: { key, outcome: 'uncertain', ...known, reason } };
    return {
      verdict: 'final',
      result: { key, outcome: 'rejected', ...known, fieldErrors: error.fieldErrors, reason },
    };
  }
  // A 2xx with a body we could not read: accepted, and its id unknown.
  if (error instanceof KaleyraUnexpectedResponseError)
    return { verdict: 'final', result: { key, outcome: 'accepted', messageId: undefined } };
  if (error instanceof KaleyraConnectionError && error.reachedServer === false)
    return { verdict: 'not-sent', reason: error.message };
  // Timeouts, resets after sending, aborts mid-request and anything unforeseen.
  const reason = error instanceof Error ? error.message : String(error);
  return { verdict: 'final', result: { key, outcome: 'uncertain', reason } };
}
