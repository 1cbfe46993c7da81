import type { MultipartBody } from '../files/multipart-body.js';

/**
 * What a high-level call sends, in a form that can be produced once per attempt. openapi-fetch
 * builds the first Request from `first`; retries call `again()`, so a retried upload reads its file
 * afresh instead of replaying bytes kept in memory.
 */
export interface RequestBody {
  /** Passed to openapi-fetch as the serialized body. */
  first: BodyInit;
  again(): BodyInit;
  replayable: boolean;
  /** Headers that belong to this body (a multipart Content-Type with its boundary, its length). */
  headers: Record<string, string>;
  streamed: boolean;
}

export function textBody(text: string, contentType: string): RequestBody {
  return { first: text, again: () => text, replayable: true, headers: { 'content-type': contentType }, streamed: false };
}

export function multipartStreamBody(body: MultipartBody): RequestBody {
  const headers: Record<string, string> = { 'content-type': body.contentType };
  // With the exact length, fetch sends a plain body instead of chunked encoding, which some
  // gateways refuse for uploads.
  if (body.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
  return { first: body.stream(), again: () => body.stream(), replayable: body.replayable, headers, streamed: true };
}

export function formDataBody(form: FormData): RequestBody {
  // fetch writes the multipart Content-Type with its boundary itself; setting one here would lose it.
  return { first: form, again: () => form, replayable: true, headers: {}, streamed: false };
}

/**
 * The RequestInit a streamed body needs: fetch refuses a stream body without `duplex: 'half'`.
 * TypeScript's DOM types do not know the member yet, hence the loose type.
 */
export function streamingInit(body: RequestBody): {} {
  return body.streamed ? { duplex: 'half' } : {};
}
