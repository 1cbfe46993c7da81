export { KaleyraError, isKaleyraError, type KaleyraErrorOptions } from './kaleyra-error.js';
export { KaleyraValidationError, type ValidationFailure } from './validation-error.js';
export { KaleyraMediaDownloadError, type MediaDownloadProblem } from './media-download-error.js';
export { KaleyraRequestError } from './request-error.js';
export {
  KaleyraApiError,
  KaleyraBadRequestError,
  KaleyraAuthenticationError,
  KaleyraPayloadTooLargeError,
  KaleyraRateLimitError,
  KaleyraServerError,
  createApiError,
  type ApiErrorInit,
} from './api-error.js';
export { KaleyraConnectionError, type ConnectionErrorInit } from './connection-error.js';
export { KaleyraTimeoutError, type TimeoutErrorInit } from './timeout-error.js';
export { KaleyraAbortError, type AbortErrorInit } from './abort-error.js';
export {
  KaleyraUnexpectedResponseError,
  type UnexpectedResponseErrorInit,
} from './unexpected-response-error.js';
export { KaleyraJournalError, type JournalErrorReason } from './journal-error.js';
export {
  KaleyraQueueLimitMismatchError,
  KaleyraQueueUnavailableError,
  type RateLimit,
} from './queue-errors.js';
export {
  ERROR_CATALOGUE,
  lookupErrorCode,
  normalizeErrorCode,
  retryHintForStatus,
  type ErrorCodeInfo,
  type RetryHint,
} from './catalogue.js';
export { META_ERROR_CATALOGUE } from './meta-catalogue.js';
export { decodeApiError, MAX_ERROR_BODY_CHARS, type DecodeOptions } from './decode.js';
export { toSafeCause, type SafeCause } from './safe-cause.js';
export { toSafePath } from './request-path.js';
