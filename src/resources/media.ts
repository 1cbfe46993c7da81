import type { CallOptions } from '../core/call-options.js';
import type { KaleyraPromise } from '../core/api-promise.js';
import { multipartBody } from '../core/body.js';
import { offsetPages, type PagePromise } from '../core/pagination.js';
import type { RequestCore } from '../core/request-core.js';
import { KaleyraMediaDownloadError } from '../errors/media-download-error.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { canonicalMimeType, isGenericMimeType } from '../files/canonical-mime-type.js';
import { checkedDownload, type IncrementalHash } from '../files/checked-download.js';
import { assertWabaId } from '../validation/required.js';
import { toUploadFile, type FileInput, type UploadFile } from '../files/upload-file.js';
import { MEDIA_MAX_BYTES } from '../validation/media-types.js';
import { validateAnyMediaFile } from '../validation/media-kind.js';
import { RESUMABLE_UPLOAD_RULES, validateUploadFile } from '../validation/validate-upload-file.js';
import type { Schemas } from './schemas.js';
import { resolveSender } from './sender.js';

export interface UploadOptions {
  /** Bytes, a Blob/File, a `{ stream, name }`, or `fileFromPath(...)` from `kaleyra-whatsapp/node`. */
  file: FileInput;
  /** File name to send when the input has none (bytes, streams). */
  name?: string;
  /** MIME type; by default sniffed from the bytes, then the name. A type the bytes contradict is refused. */
  type?: string;
  /** Called as the body is sent: bytes handed to the connection so far, and the total when known. */
  onProgress?: (sent: number, total: number | undefined) => void;
}

export interface ResumableUploadOptions extends UploadOptions {
  /** The WhatsApp Business Account id. */
  wabaId: string;
}

export interface MediaUploadOptions extends UploadOptions {
  /** Business number to upload for; default: the client's `from`. */
  from?: string;
}

export interface ListResumableOptions {
  /** The WhatsApp Business Account id. */
  wabaId: string;
  /** One upload's id, to read back only that one. */
  id?: string;
  /** Page size. */
  limit?: number;
  /** Entries to skip. */
  offset?: number;
}

/**
 * The media an incoming event points at: its content (`event.message` when it is media) or the same
 * fields by hand. Only `mediaUrl` (Kaleyra's stored copy) can be downloaded; Kaleyra documents no
 * download by Meta's media id.
 */
export interface IncomingMediaSource {
  /** Kaleyra's stored copy (`extra_info.media_url`): what is downloaded. */
  mediaUrl?: string | undefined;
  /** The type the event declares; the answer and the bytes must agree with it. */
  mimeType?: string | undefined;
  /** The SHA-256 the event gives (hex or base64); the bytes must hash to it. */
  sha256?: string | undefined;
  /** The file name the user sent, if any (not used for the download). */
  fileName?: string | undefined;
}

export interface MediaDownloadOptions extends Omit<CallOptions, 'timeoutMs'> {
  /** At most this many bytes; a larger file fails (`too-large`). Default 100 000 000 (WhatsApp's largest media). */
  maxBytes?: number;
  /** The whole download, redirects and body included. Default 60 000 ms. */
  timeoutMs?: number;
  /** A SHA-256 fed chunk by chunk; `kaleyra-whatsapp/node` passes node:crypto's. Without one the bytes are held to hash them. */
  createHash?: () => IncrementalHash;
}

/** A download under way: read `body` (once) to get the bytes, checked as they arrive. */
export interface DownloadedMedia {
  /** The URL the bytes came from, after redirects. */
  url: string;
  /** The answer's content type, or the event's when the answer has none. */
  mimeType: string | undefined;
  /** The declared length, when the answer has one. */
  size: number | undefined;
  /** The bytes: errors instead of ending when the file is too large, too slow, of another type or another hash. */
  body: ReadableStream<Uint8Array>;
}

/** WhatsApp's largest media (documents): what a download takes by default. */
export const MEDIA_DOWNLOAD_MAX_BYTES = 100_000_000;

export type ResumableUploadResponse = Schemas['V2ResumableMediaUploadResponse'];
export type ResumableMediaList = Schemas['V2ResumableMediaListResponse'];
/** One resumable upload of a list. */
export type ResumableMediaRecord = Schemas['V2ResumableMediaRecord'];
export type MediaUploadResponse = Schemas['V2MediaUploadResponse'];

/** Uploads (v2): the resumable upload of up to 100 MB, its read-back, and the plain upload. */
export class Media {
  readonly #core: RequestCore;

  /** Uploads through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /**
   * Downloads the media of an incoming event (Kaleyra's stored copy, `mediaUrl`) as a checked stream:
   * capped at `maxBytes`, within `timeoutMs`, of the type and SHA-256 the event gives when it gives
   * them. Redirects are followed to https URLs only, and the API key goes only to the client's own
   * Kaleyra host (a stored copy on another host gets no key). `downloadMediaToFile` in
   * `kaleyra-whatsapp/node` writes it to a file.
   */
  async download(source: IncomingMediaSource, options: MediaDownloadOptions = {}): Promise<DownloadedMedia> {
    const url = source.mediaUrl;
    if (url === undefined || url === '')
      throw new KaleyraMediaDownloadError(
        'no-url',
        "the event has no mediaUrl (Kaleyra's stored copy); Kaleyra documents no download by Meta's media id",
      );
    if (!/^https?:\/\//i.test(url))
      throw new KaleyraValidationError('mediaUrl', 'url', `"${url.slice(0, 80)}" is not an http(s) URL`);
    const maxBytes = options.maxBytes ?? MEDIA_DOWNLOAD_MAX_BYTES;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...(options.signal ? [options.signal] : []),
    ]);
    const call: CallOptions = {
      timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    };
    const fetched = await this.#core.fetchMedia(url, call);
    const { label } = fetched;
    const declaredLength = Number(fetched.response.headers.get('content-length') ?? NaN);
    if (declaredLength > maxBytes) {
      await fetched.response.body?.cancel().catch(() => undefined);
      throw new KaleyraMediaDownloadError(
        'too-large',
        `${label}: the file is ${declaredLength} bytes, over ${maxBytes}`,
      );
    }
    const answered = fetched.response.headers.get('content-type') ?? undefined;
    if (
      source.mimeType &&
      answered &&
      !isGenericMimeType(answered) &&
      !isGenericMimeType(source.mimeType) &&
      canonicalMimeType(answered) !== canonicalMimeType(source.mimeType)
    ) {
      await fetched.response.body?.cancel().catch(() => undefined);
      throw new KaleyraMediaDownloadError(
        'mime-mismatch',
        `${label}: the event says ${canonicalMimeType(source.mimeType)} but the answer is ${canonicalMimeType(answered)}`,
      );
    }
    return {
      url: fetched.url,
      mimeType: answered ?? source.mimeType,
      size: Number.isFinite(declaredLength) ? declaredLength : undefined,
      body: checkedDownload(fetched.response.body ?? new Blob([]).stream(), {
        label,
        maxBytes,
        mimeType: source.mimeType,
        sha256: source.sha256,
        deadline,
        createHash: options.createHash,
      }),
    };
  }

  /**
   * Uploads a file for the WABA; answers at once with an id and `PENDING`. The documented rules
   * (100 MB, five types, the file-name rule) are checked before anything is sent. Retried only when
   * the file can be read again (a path, bytes, a Blob), never for a one-shot stream.
   */
  uploadResumable(
    upload: ResumableUploadOptions,
    call?: CallOptions,
  ): KaleyraPromise<ResumableUploadResponse> {
    return this.#core.answered(async () => {
      const wabaId = upload?.wabaId;
      assertWabaId(wabaId);
      const file = await uploadFile(upload);
      validateUploadFile(file, RESUMABLE_UPLOAD_RULES);
      const body = await fileAndTypeBody(file, RESUMABLE_UPLOAD_RULES.maxBytes, upload.onProgress);
      return this.#core.call(
        'post',
        '/v2/{sid}/whatsapp/{waba_id}/resumable_media',
        { path: { waba_id: wabaId }, body: { encoded: body } },
        call,
      );
    });
  }

  /**
   * Reads back the WABA's resumable uploads (one of them with `id`): awaited, one page (`limit`,
   * `offset`); with `for await`, every upload of every page.
   */
  listResumable(
    query: ListResumableOptions,
    call?: CallOptions,
  ): PagePromise<ResumableMediaList, ResumableMediaRecord> {
    const wabaId = query?.wabaId;
    return offsetPages(
      // openapi-fetch's serializer leaves undefined query values out of the URL.
      { id: query?.id, limit: query?.limit, offset: query?.offset },
      (listing) => {
        assertWabaId(wabaId);
        return this.#core.call(
          'get',
          '/v2/{sid}/whatsapp/{waba_id}/resumable_media',
          { path: { waba_id: wabaId }, query: listing },
          call,
        );
      },
      (page) => page.data,
    );
  }

  /** Uploads a file for a business number and answers with a media id for v2 sends. */
  upload(upload: MediaUploadOptions, call?: CallOptions): KaleyraPromise<MediaUploadResponse> {
    return this.#core.answered(async () => {
      const from = resolveSender(upload?.from, this.#core.defaults.from);
      const file = await uploadFile(upload);
      const kind = validateAnyMediaFile(file, 'file');
      const body = await fileAndTypeBody(file, MEDIA_MAX_BYTES[kind], upload.onProgress);
      return this.#core.call(
        'post',
        '/v2/{sid}/whatsapp/{phone_number}/media',
        { path: { phone_number: from }, body: { encoded: body } },
        call,
      );
    });
  }
}

/**
 * Both upload endpoints take the same two parts: the file, and its MIME type repeated as a field.
 * `maxBytes` also bounds a stream of undeclared size, counted as it is sent.
 */
function fileAndTypeBody(
  file: UploadFile,
  maxBytes: number | undefined,
  onProgress: UploadOptions['onProgress'],
) {
  return multipartBody(
    [
      { name: 'file', file, ...(maxBytes !== undefined ? { maxBytes } : {}) },
      { name: 'type', value: file.type },
    ],
    onProgress,
  );
}

function uploadFile(upload: UploadOptions): Promise<UploadFile> {
  if (upload === null || typeof upload !== 'object' || upload.file === undefined) {
    throw new KaleyraValidationError({ field: 'file', rule: 'required', message: 'pass the file to upload' });
  }
  return toUploadFile(upload.file, { name: upload.name, type: upload.type });
}
