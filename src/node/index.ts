export { fileFromPath, type FileFromPathOptions } from './file-from-path.js';
export {
  createNodeCallbackHandler,
  toWebRequest,
  type NodeCallbackHandlerOptions,
  type ToWebRequestOptions,
} from './callback-adapter.js';
export { fileJournal, type FileJournalOptions } from './file-journal.js';
export { downloadMediaToFile, type DownloadedFile } from './download-media.js';
export { fileCallbackInbox, type FileCallbackInboxOptions } from './file-inbox.js';
