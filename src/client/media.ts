import type { Client } from 'openapi-fetch';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertWabaId } from '../validation/required.js';
import { toUploadFile, type FileInput, type UploadFile } from '../files/upload-file.js';
import { validateAnyMediaFile } from '../validation/media-kind.js';
import { RESUMABLE_UPLOAD_RULES, validateUploadFile } from '../validation/validate-upload-file.js';
import { multipartBody } from './form-body.js';
import type { CallOptions, ResolvedClientOptions } from './options.js';
import { policyFetch, sendWithPolicy } from './policy-fetch.js';
import type { V2Paths } from './raw-clients.js';
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
  wabaId: string;
  id?: string;
  limit?: number;
  offset?: number;
}

export type ResumableUploadResponse = Schemas['V2ResumableMediaUploadResponse'];
export type ResumableMediaList = Schemas['V2ResumableMediaListResponse'];
export type MediaUploadResponse = Schemas['V2MediaUploadResponse'];

/** Uploads (v2): the resumable upload of up to 100 MB, its read-back, and the plain upload. */
export class Media {
  constructor(
    private readonly client: Client<V2Paths>,
    private readonly options: ResolvedClientOptions,
  ) {}

  /**
   * Uploads a file for the WABA; answers at once with an id and `PENDING`. The documented rules
   * (100 MB, five types, the file-name rule) are checked before anything is sent. Retried only when
   * the file can be read again (a path, bytes, a Blob), never for a one-shot stream.
   */
  async uploadResumable(upload: ResumableUploadOptions, call?: CallOptions): Promise<ResumableUploadResponse> {
    const wabaId = upload?.wabaId;
    assertWabaId(wabaId);
    const file = await uploadFile(upload);
    validateUploadFile(file, RESUMABLE_UPLOAD_RULES);
    const body = await fileAndTypeBody(file, upload.onProgress);
    const { data } = await this.client.POST('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
      params: { path: { sid: this.options.sid, waba_id: wabaId } },
      body: { file: undefined as unknown as Blob, type: file.type as Schemas['V2ResumableMediaType'] },
      ...sendWithPolicy(this.options, call, body, { expectBody: true }),
    });
    return data as ResumableUploadResponse;
  }

  /** Reads back the WABA's resumable uploads (one of them with `id`). */
  async listResumable(query: ListResumableOptions, call?: CallOptions): Promise<ResumableMediaList> {
    const wabaId = query?.wabaId;
    assertWabaId(wabaId);
    const { data } = await this.client.GET('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
      params: {
        path: { sid: this.options.sid, waba_id: wabaId },
        // openapi-fetch leaves undefined query values out of the URL.
        query: { id: query.id, limit: query.limit, offset: query.offset },
      },
      fetch: policyFetch(this.options, call, undefined),
    });
    return data as ResumableMediaList;
  }

  /** Uploads a file for a business number and answers with a media id for v2 sends. */
  async upload(upload: MediaUploadOptions, call?: CallOptions): Promise<MediaUploadResponse> {
    const from = resolveSender(upload.from, this.options.from);
    const file = await uploadFile(upload);
    validateAnyMediaFile(file, 'file');
    const body = await fileAndTypeBody(file, upload.onProgress);
    const { data } = await this.client.POST('/v2/{sid}/whatsapp/{phone_number}/media', {
      params: { path: { sid: this.options.sid, phone_number: from } },
      body: { file: undefined as unknown as Blob, type: file.type as Schemas['V2MediaUploadRequest']['type'] },
      ...sendWithPolicy(this.options, call, body, { expectBody: true }),
    });
    return data as MediaUploadResponse;
  }
}

/** Both upload endpoints take the same two parts: the file, and its MIME type repeated as a field. */
function fileAndTypeBody(file: UploadFile, onProgress: UploadOptions['onProgress']) {
  return multipartBody(
    [
      { name: 'file', file },
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
