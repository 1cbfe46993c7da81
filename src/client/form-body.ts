import { createMultipartBody, toFormData, type MultipartField } from '../files/multipart-body.js';
import type { UploadFile } from '../files/upload-file.js';
import { formDataBody, multipartStreamBody, textBody, type RequestBody } from './request-body.js';
import { canStreamRequestBodies } from './request-streams.js';

export type FormFile = Extract<MultipartField, { file: UploadFile }>;

/**
 * A v1 form body: url-encoded when every field is text (what most pages send), multipart when a
 * file is attached. Multipart goes out as a stream with its exact length where the runtime can send
 * one, so a large file is never held in memory; elsewhere it falls back to FormData.
 */
export async function formBody(fields: Record<string, string>, files: readonly FormFile[]): Promise<RequestBody> {
  if (files.length === 0) {
    return textBody(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  }
  return multipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), ...files]);
}

export async function multipartBody(
  parts: readonly MultipartField[],
  onProgress?: (sent: number, total: number | undefined) => void,
): Promise<RequestBody> {
  if (canStreamRequestBodies()) {
    return multipartStreamBody(createMultipartBody(parts, onProgress ? { onProgress } : {}));
  }
  return formDataBody(await toFormData(parts));
}
