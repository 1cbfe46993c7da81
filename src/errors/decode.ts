import { parseRetryAfter } from './retry-after.js';
import { createApiError, type KaleyraApiError } from './api-error.js';
import { Redactor } from '../redaction/redactor.js';

/** How much of an error body is kept on the error. Proxy error pages can be large. */
export const MAX_ERROR_BODY_CHARS = 8 * 1024;
/** How much is read at most; beyond this the rest is cancelled unread. */
const MAX_READ_BYTES = 64 * 1024;

export interface DecodeOptions {
  /** Scrubs the key from the body and headers before anything is derived from them. */
  redactor?: Redactor;
  /** Clock for an HTTP-date Retry-After; injectable for tests. */
  now?: () => number;
}

/**
 * Turns a non-2xx Response into the matching KaleyraApiError. The body is read once, as text, and
 * whatever it is (Kaleyra's envelope, a proxy's HTML page, nothing, half a JSON document) the
 * result carries the status, a readable message and the raw text, capped.
 */
export async function decodeApiError(
  response: Response,
  request: { method: string; path: string },
  options: DecodeOptions = {},
): Promise<KaleyraApiError> {
  const redactor = options.redactor ?? Redactor.none;
  const read = await readCapped(response);
  const text = redactor.text(read.text);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const retryAfterMs =
    response.status === 429
      ? parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)())
      : undefined;

  const base = {
    status: response.status,
    statusText: response.statusText,
    body: text.length > MAX_ERROR_BODY_CHARS ? text.slice(0, MAX_ERROR_BODY_CHARS) : text,
    bodyTruncated: !read.complete || text.length > MAX_ERROR_BODY_CHARS,
    method: request.method,
    path: request.path,
    retryAfterMs,
    headers: response.headers,
    redactor,
  };

  const parsed = parseJson(text);
  const envelope = asEnvelope(parsed);
  if (envelope) {
    const serverMessage = envelope.message;
    const shown = serverMessage?.trim() || 'no message';
    return createApiError({
      ...base,
      parsed,
      code: envelope.code,
      serverMessage,
      fieldErrors: envelope.fieldErrors,
      detail: envelope.code === undefined ? shown : `[${envelope.code}] ${shown}`,
    });
  }

  return createApiError({
    ...base,
    parsed,
    // A cut-off envelope still names its code near the start; worth recovering for callers.
    code: parsed === undefined ? salvageCode(text) : undefined,
    detail: describeUnexpectedBody(text, read, contentType, parsed !== undefined),
  });
}

interface ReadResult {
  text: string;
  bytes: number;
  /** False when the body was longer than we read, or the stream failed part way. */
  complete: boolean;
  failed: boolean;
}

async function readCapped(response: Response): Promise<ReadResult> {
  if (response.body === null) return { text: '', bytes: 0, complete: true, failed: false };
  if (response.bodyUsed) return { text: '', bytes: 0, complete: false, failed: true };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), bytes, complete: true, failed: false };
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (bytes >= MAX_READ_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { text: text + decoder.decode(), bytes, complete: false, failed: false };
      }
    }
  } catch {
    return { text: text + decoder.decode(), bytes, complete: false, failed: true };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface Envelope {
  code: string | undefined;
  message: string | undefined;
  fieldErrors: Record<string, string>;
}

function asEnvelope(parsed: unknown): Envelope | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const body = parsed as Record<string, unknown>;
  const code = typeof body.code === 'string' || typeof body.code === 'number' ? String(body.code) : undefined;
  const message = typeof body.message === 'string' ? body.message : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { code, message, fieldErrors: toFieldErrors(body.error) };
}

function toFieldErrors(error: unknown): Record<string, string> {
  if (typeof error === 'string') return { error };
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(error as Record<string, unknown>)) {
    out[key] = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  }
  return out;
}

function salvageCode(text: string): string | undefined {
  return /^\s*\{\s*"code"\s*:\s*"([A-Za-z0-9-]{1,32})"/.exec(text)?.[1];
}

function describeUnexpectedBody(
  text: string,
  read: ReadResult,
  contentType: string,
  wasJson: boolean,
): string {
  if (read.failed && text === '') return 'the response body could not be read';
  if (text.trim() === '') return 'the response body was empty';
  const size = read.complete ? `${read.bytes} bytes` : `over ${read.bytes} bytes`;
  const facts = [contentType || 'no content-type', size];
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
  if (title) facts.push(`title "${title}"`);
  const what = wasJson
    ? "the body was JSON but not Kaleyra's error envelope"
    : /json/.test(contentType) || /^\s*[{[]/.test(text)
      ? 'the body was truncated or invalid JSON'
      : "the body was not Kaleyra's JSON error envelope";
  return `${what} (${facts.join(', ')})`;
}
