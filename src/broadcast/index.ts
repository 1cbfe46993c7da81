// kaleyra-whatsapp/broadcast: bulk sends in one process. Web-standard like the core; the file
// journal is in kaleyra-whatsapp/node and the BullMQ fleet in kaleyra-whatsapp/broadcast/bullmq.
export { sendMany, type BroadcastRun, type BroadcastSummary, type SendManyOptions } from './send-many.js';
export {
  sendMessage,
  acceptedMessageId,
  type BroadcastJob,
  type BroadcastMessage,
  type V1BroadcastKinds,
  type V2BroadcastKinds,
} from './message.js';
export { attemptSend, rateLimitPauseMs } from './attempt.js';
export {
  assertDefaultCountry,
  recipientChecker,
  type CountryCode,
  type RecipientCheck,
  type RecipientChecker,
} from './recipient.js';
export {
  classifySendError,
  type AcceptedResult,
  type AttemptVerdict,
  type BroadcastOutcome,
  type BroadcastResult,
  type FinalResult,
  type RejectedResult,
  type SkippedResult,
  type UncertainResult,
} from './outcome.js';
export {
  JOURNAL_VERSION,
  JournalFold,
  lastResult,
  memoryJournal,
  parseJournalLine,
  parseJournalLines,
  replayJournal,
  type BroadcastJournal,
  type JournalEntry,
  type JournalRecord,
  type JournalState,
} from './journal.js';
export { AMBIGUOUS_KEY, JournalKeys, type JournalRecordReader } from './journal-keys.js';
export { defaultBroadcastId, jobFingerprint } from './fingerprint.js';
export { malformedJob } from './message.js';
export { KaleyraJournalError, type JournalErrorReason } from '../index.js';
