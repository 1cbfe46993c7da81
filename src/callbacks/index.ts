// The callback receiver: web-standard only, so it runs unchanged on Node, Deno, Bun and edge runtimes.
export {
  parseCallback,
  DEFAULT_MAX_CALLBACK_BYTES,
  type CallbackParseResult,
  type ParseCallbackOptions,
} from './parse-callback.js';
export type { CallbackRejection, CallbackRejectionReason } from './rejection.js';
export type {
  CallbackEvent,
  CallbackEventBase,
  CallbackEventKind,
  CallbackErrorDetail,
  CallbackPricing,
  CallbackRefs,
  IncomingCallbackEvent,
  IncomingContactCard,
  IncomingMediaType,
  IncomingMessageContent,
  LimitCallbackEvent,
  MessageStatus,
  StatusCallbackEvent,
  TemplateCallbackEvent,
  TemplateStatus,
  UnknownCallbackEvent,
  UploadCallbackEvent,
} from './events.js';
export { parseCallbackTime } from './timestamp.js';
export {
  createFetchCallbackHandler,
  type FetchCallbackContext,
  type FetchCallbackHandlerOptions,
  type FetchHandlerContext,
} from './fetch-handler.js';
export type { CallbackHandlerOptions } from './callback-outcome.js';
export type { CallbackErrorContext, CallbackErrorReporter, CallbackEventHandler } from './deliver-event.js';
export {
  callbackDedupeKey,
  type CallbackDelivery,
  type CallbackInbox,
  type InboxRetryOptions,
  type ParkedCallback,
} from './inbox.js';
export { callbackTokenVerifier, verifyCallbackToken, type CallbackTokenOptions } from './verify-token.js';
export { basicAuthVerifier, verifyBasicAuth, type BasicAuthOptions } from './verify-basic-auth.js';
export { timingSafeEqual } from './constant-time.js';
