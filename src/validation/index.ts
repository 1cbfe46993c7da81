export { assertAllowedType } from './allowed-type.js';
export { assertCaption, captionLength, MAX_CAPTION_CHARACTERS } from './caption.js';
export { assertFileName, MAX_FILE_NAME_CHARACTERS } from './file-name.js';
export { assertFileSize, KB, MB } from './file-size.js';
export {
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  RESUMABLE_UPLOAD_MAX_BYTES,
  RESUMABLE_UPLOAD_TYPES,
  type MediaKind,
} from './media-types.js';
export { assertPhoneNumber, assertPhoneNumberList } from './phone-number.js';
export {
  mediaUploadRules,
  RESUMABLE_UPLOAD_RULES,
  validateUploadFile,
  type UploadFileRules,
} from './validate-upload-file.js';
