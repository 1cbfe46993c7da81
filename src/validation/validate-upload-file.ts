import type { UploadFile } from '../files/upload-file.js';
import { assertAllowedType } from './allowed-type.js';
import { assertFileName, assertNoControlCharacters } from './file-name.js';
import { assertFileSize } from './file-size.js';
import {
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  RESUMABLE_UPLOAD_MAX_BYTES,
  RESUMABLE_UPLOAD_TYPES,
  type MediaKind,
} from './media-types.js';

export interface UploadFileRules {
  /** Field reported in errors. Default "file". */
  field?: string;
  /** MIME types the file may have; any type when absent. */
  allowedTypes?: readonly string[];
  /** Largest size allowed, in bytes; no limit when absent. */
  maxBytes?: number;
  /** Apply the resumable-upload file-name rule (1–255 characters, no \ / < @ % or space). */
  checkFileName?: boolean;
}

export const RESUMABLE_UPLOAD_RULES: Readonly<UploadFileRules> = Object.freeze({
  allowedTypes: RESUMABLE_UPLOAD_TYPES,
  maxBytes: RESUMABLE_UPLOAD_MAX_BYTES,
  checkFileName: true,
});

/** The type list and size limit Kaleyra documents for one media kind (image, video, audio, document, sticker). */
export function mediaUploadRules(kind: MediaKind): UploadFileRules {
  return { allowedTypes: MEDIA_TYPES[kind], maxBytes: MEDIA_MAX_BYTES[kind] };
}

/** Checks name, then type, then size, so the first error is the cheapest to fix. */
export function validateUploadFile(file: UploadFile, rules: UploadFileRules): void {
  const field = rules.field ?? 'file';
  assertNoControlCharacters(field, file.name);
  if (rules.checkFileName) assertFileName(field, file.name);
  if (rules.allowedTypes) assertAllowedType(field, file.type, rules.allowedTypes);
  if (rules.maxBytes !== undefined) assertFileSize(field, file.size, rules.maxBytes);
}
