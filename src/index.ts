// The web-standard core: no `node:*` imports anywhere below this file (see kaleyra-whatsapp/node).
export { createKaleyraClient, type KaleyraClient } from './client/create-client.js';
export type { CallOptions } from './core/call-options.js';
export type { KaleyraClientOptions } from './client/options.js';
export { PODS, type Pod, type ApiVersion } from './pods.js';
export type { Schemas, Paths } from './resources/schemas.js';
export type { V1Paths, V2Paths } from './core/request-core.js';
export { KaleyraPromise, type WithResponse } from './core/api-promise.js';
export { PagePromise } from './core/pagination.js';
export type { ResponseMeta } from './core/transport.js';
export { formatV1Params } from './resources/v1-params.js';
export { GOODS_TYPES, ORDER_STATUSES } from './resources/order-messages.js';
export {
  buildV1TemplateParams,
  buildV2TemplateComponents,
  type TemplateButton,
  type TemplateParameters,
} from './resources/template-parameters.js';
export type {
  V1FileOptions,
  V1MediaOptions,
  V1MediaTemplateOptions,
  V1Messages,
  V1SendMessageResponse,
  V1SendOptions,
  V1TemplateOptions,
  V1TextOptions,
} from './resources/v1-messages.js';
export type {
  V2CaptionedMediaOptions,
  V2ContactsOptions,
  V2DocumentOptions,
  V2ExtraInfo,
  V2InteractiveOptions,
  V2LocationOptions,
  V2MarkAsReadOptions,
  V2MediaOptions,
  V2MediaSource,
  V2Messages,
  V2OrderDetailsOptions,
  V2OrderStatusOptions,
  V2ReactionOptions,
  V2ReplyOptions,
  V2SendMessageResponse,
  V2SendOptions,
  V2TemplateOptions,
  V2TextOptions,
} from './resources/v2-messages.js';
export type {
  ListResumableOptions,
  DownloadedMedia,
  IncomingMediaSource,
  Media,
  MediaDownloadOptions,
  MediaUploadOptions,
  MediaUploadResponse,
  ResumableMediaList,
  ResumableMediaRecord,
  ResumableUploadOptions,
  ResumableUploadResponse,
  UploadOptions,
} from './resources/media.js';
export type {
  DeleteTemplateOptions,
  ListTemplatesOptions,
  TemplateListItem,
  TemplateListPage,
  Templates,
  V1CreateTemplateOptions,
  V1CreateTemplateResponse,
  V2CreateTemplateOptions,
  V2ManagementResponse,
} from './resources/templates.js';
export type { CreateFlowOptions, Flows } from './resources/flows.js';
export type {
  CallbackProfile,
  CallbackProfileList,
  CallbackProfiles,
  ListCallbackProfilesOptions,
} from './resources/callback-profiles.js';
export {
  KaleyraError,
  isKaleyraError,
  KaleyraValidationError,
  KaleyraMediaDownloadError,
  type MediaDownloadProblem,
  KaleyraRequestError,
  KaleyraApiError,
  KaleyraBadRequestError,
  KaleyraAuthenticationError,
  KaleyraPayloadTooLargeError,
  KaleyraRateLimitError,
  KaleyraServerError,
  KaleyraConnectionError,
  KaleyraTimeoutError,
  KaleyraAbortError,
  KaleyraUnexpectedResponseError,
  KaleyraJournalError,
  KaleyraQueueLimitMismatchError,
  KaleyraQueueUnavailableError,
  type RateLimit,
  ERROR_CATALOGUE,
  META_ERROR_CATALOGUE,
  lookupErrorCode,
  normalizeErrorCode,
  type ErrorCodeInfo,
  type JournalErrorReason,
  type RetryHint,
} from './errors/index.js';
export { Redactor } from './redaction/redactor.js';
export type { KaleyraLogger } from './transport/logger.js';
export { toUploadFile, type FileInput, type UploadFile } from './files/upload-file.js';
export { sniffMimeType, mimeFromFileName } from './files/mime-sniff.js';
export {
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  RESUMABLE_UPLOAD_MAX_BYTES,
  RESUMABLE_UPLOAD_TYPES,
  type MediaKind,
} from './validation/media-types.js';
export * from './callbacks/index.js';
