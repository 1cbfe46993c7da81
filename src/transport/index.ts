export { runRequest, type RunRequestOptions } from './run-request.js';
export {
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  type AttemptOutcome,
  type RetryContext,
  type RetryDecision,
  type RetryReason,
} from './retry-policy.js';
export { classifyFetchFailure, type FetchFailure } from './classify-fetch-failure.js';
export { createSafeLogger, sanitizeForLog, type KaleyraLogger } from './logger.js';
export { redactHeaders, isSensitiveHeader, MASK, SENSITIVE_HEADERS } from './redact.js';
export { sleep, type Sleep } from './sleep.js';
export { createAttemptSignal, raceWithSignal, type AttemptSignal } from './attempt-signal.js';
