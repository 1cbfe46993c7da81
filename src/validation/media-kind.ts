import { KaleyraValidationError } from '../errors/validation-error.js';
import { canonicalMimeType } from '../files/canonical-mime-type.js';
import type { UploadFile } from '../files/upload-file.js';
import { MEDIA_MAX_BYTES, MEDIA_TYPES, type MediaKind } from './media-types.js';
import { validateUploadFile } from './validate-upload-file.js';

// A PDF is both a document and (for media templates) a header; images are checked before stickers so
// image/webp is only ever a sticker.
const KIND_ORDER: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];

/** The message kind a file's type belongs to, or undefined when WhatsApp accepts it nowhere. */
export function mediaKindOf(type: string): MediaKind | undefined {
  const canonical = canonicalMimeType(type);
  return KIND_ORDER.find((kind) => MEDIA_TYPES[kind].includes(canonical));
}

/**
 * Checks a file sent where any WhatsApp media kind is allowed (v1 `media`, the v2 plain upload):
 * the type must belong to some kind, and the size must fit that kind's limit.
 */
export function validateAnyMediaFile(
  file: UploadFile,
  field: string,
  allowedKinds: readonly MediaKind[] = KIND_ORDER,
): MediaKind {
  const kind = mediaKindOf(file.type);
  if (kind === undefined || !allowedKinds.includes(kind)) {
    const allowed = allowedKinds.flatMap((k) => MEDIA_TYPES[k]);
    throw new KaleyraValidationError({
      field,
      rule: 'allowed-type',
      message: `type ${file.type} is not one of ${allowed.join(', ')}`,
    });
  }
  validateUploadFile(file, { field, maxBytes: MEDIA_MAX_BYTES[kind] });
  return kind;
}
