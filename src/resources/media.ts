import type { CallOptions } from '../client/options.js';
import type { KaleyraPromise } from '../core/api-promise.js';
import { multipartBody } from '../core/body.js';
import { offsetPages, type PagePromise } from '../core/pagination.js';
import type { RequestCore } from '../core/request-core.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
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
