// A fake Kaleyra and the documented callbacks, for users' own tests (Node only; loads Ajv).
export {
  startFakeKaleyra,
  type FakeFailure,
  type FakeKaleyra,
  type FakeKaleyraOptions,
  type OperationId,
  type RecordedBody,
  type RecordedFile,
  type RecordedRequest,
  type RecordedRequestOf,
} from './fake-kaleyra.js';
export {
  CALLBACK_EVENTS,
  findCallbackEvent,
  type CallbackDelivery,
  type CallbackEventType,
  type CallbackValues,
} from './callback-catalogue.js';
export {
  callbackRequest,
  deliverCallback,
  type CallbackAuth,
  type CallbackTarget,
} from './deliver-callback.js';
export type { BodyViolation } from './body-validator.js';
