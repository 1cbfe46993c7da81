import { KB, MB } from './file-size.js';

import { RESUMABLE_UPLOAD_TYPES, SPEC_LIMITS } from '../../generated/spec-limits.js';

/** POST /v2/{sid}/whatsapp/{waba_id}/resumable_media: the page's list, image/jpg included (from the spec). */
export { RESUMABLE_UPLOAD_TYPES };
/** The resumable upload's size limit, from the spec. */
export const RESUMABLE_UPLOAD_MAX_BYTES = SPEC_LIMITS.resumableUploadMaxBytes;

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/**
 * v2 media by message kind. Audio and document come from Kaleyra's pages; image, video and
 * sticker are Meta's Cloud API lists, since Kaleyra's "Supported Media Types" page is missing.
 */
export const MEDIA_TYPES: Readonly<Record<MediaKind, readonly string[]>> = {
  image: ['image/jpeg', 'image/png'], // Meta
  video: ['video/mp4', 'video/3gpp'], // Meta
  // Kaleyra notes OGG must carry Opus; the container type cannot show the codec.
  audio: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
  document: [
    'text/plain',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/msword',
    // The page prints "application/nd.openxml…" for docx; that is a typo for vnd.
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/pdf',
  ],
  sticker: ['image/webp'], // Meta
};

export const MEDIA_MAX_BYTES: Readonly<Record<MediaKind, number>> = {
  image: 5 * MB, // Meta
  video: 16 * MB, // Meta
  audio: 16 * MB, // Kaleyra audio page
  document: 100 * MB, // Kaleyra document page
  // Meta: 500 KB for animated stickers, 100 KB for static ones. Telling them apart needs the
  // WebP chunk layout, so only the looser bound is enforced here.
  sticker: 500 * KB,
};
