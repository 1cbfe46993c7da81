import { MAX_JSON_DEPTH, nestingDepth } from './json-value.js';
import { keepPayloadJson } from './payload-json.js';
import type { BodyText } from './read-body.js';
import { rejection, type CallbackRejection, type CallbackRejectionReason } from './rejection.js';
import { unquotedParams } from './unquote.js';

/** Where the payload came from; query and form payloads hold strings only. */
export type PayloadSource = 'query' | 'json' | 'form';

export type Payload =
  { ok: true; raw: unknown; source: PayloadSource } | { ok: false; rejection: CallbackRejection };

/**
 * A callback request reduced to what its payload needs, so a server adapter (node:http) can hand
 * it over without building a web Request and a body stream for every callback.
 */
export interface CallbackRequestParts {
  /** The HTTP method. */
  method: string;
  /** The request target: a whole URL, or a path with its query (`/kaleyra?x=1`). */
  url: string;
  /** The Content-Type header, or null when there is none. */
  contentType: string | null;
  /** Reads the body whole, within its size cap and deadline. Called at most once, for a POST. */
  readBody: () => Promise<BodyText>;
  /** True for a receiver with an inbox: a JSON body's text is kept beside its payload to be recorded as is. */
  keepsBodyText?: boolean;
}

/** How a POST body is read: as JSON, as a urlencoded form, or sniffed (no or a generic content type). */
export type BodyKind = 'json' | 'form' | 'sniff';

/**
 * Turns a request into the payload a callback profile delivers: the query string for GET, the
 * body for POST. JSON is expected; urlencoded forms are accepted because profiles can be set up
 * that way, and a body with no (or a text/plain) content type is read as JSON when it looks like it.
 */
export async function payloadOf(parts: CallbackRequestParts): Promise<Payload> {
  const before = payloadBeforeBody(parts);
  if (typeof before !== 'string') return before;
  const body = await parts.readBody();
  return body.ok ? payloadOfBody(before, body.text, parts.url, parts.keepsBodyText === true) : body;
}

/**
 * What can be decided before the body is read: the whole payload of a GET, the refusal of another
 * method or of a content type no profile sends, or else how the POST body is to be read.
 */
export function payloadBeforeBody(parts: Omit<CallbackRequestParts, 'readBody'>): Payload | BodyKind {
  const method = parts.method;
  if (method === 'POST' || method.toUpperCase() === 'POST') {
    const kind = bodyKind(parts.contentType);
    return kind ?? refused('unsupported-content-type', 'Send JSON or application/x-www-form-urlencoded.');
  }
  if (method.toUpperCase() === 'GET')
    return { ok: true, raw: unquotedParams(queryOf(parts.url)), source: 'query' };
  return refused('unsupported-method', 'Callbacks are accepted as GET or POST only.');
}

/**
 * The payload of a POST body read whole (`text`), of the kind payloadBeforeBody decided; `url` is
 * the request target. With `keepText`, a JSON body's text is kept for an inbox to record.
 */
export function payloadOfBody(kind: BodyKind, text: string, url: string, keepText = false): Payload {
  // A POST profile with only query variables still delivers something useful.
  // A first character that is not whitespace settles it (trim would copy or scan the whole body).
  const first = text.charCodeAt(0);
  if (text === '' || ((first <= 0x20 || first >= 0x7f) && text.trim() === '')) {
    const query = queryOf(url);
    if ([...query.keys()].length > 0) return { ok: true, raw: unquotedParams(query), source: 'query' };
  }
  if (kind === 'form' || (kind === 'sniff' && !looksLikeJson(text) && text.includes('='))) {
    return { ok: true, raw: unquotedParams(new URLSearchParams(text)), source: 'form' };
  }
  if (!fewBrackets(text, MAX_JSON_DEPTH) && nestingDepth(text) > MAX_JSON_DEPTH)
    return refused('too-deep', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refused('invalid-json', 'The request body is not valid JSON.');
  }
  if (keepText) keepPayloadJson(raw, text);
  return { ok: true, raw, source: 'json' };
}

function refused(reason: CallbackRejectionReason, message: string): Payload {
  return { ok: false, rejection: rejection(reason, message) };
}

/**
 * The query of a URL or of a request target. Only the part after `?` is parsed: a full URL parse
 * per callback (a Request's url is already one) would cost more than the rest of the payload.
 */
function queryOf(url: string): URLSearchParams {
  const start = url.indexOf('?');
  if (start === -1) return new URLSearchParams();
  const end = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end));
}

function bodyKind(contentType: string | null): BodyKind | undefined {
  // The header every profile sends, compared as it comes: no split, trim or lowercase copy of it.
  if (contentType === 'application/json') return 'json';
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (mediaType === '' || mediaType === 'text/plain' || mediaType === 'application/octet-stream')
    return 'sniff';
  return undefined;
}

function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  return start === '{' || start === '[' || start === '"';
}

/**
 * True when the text holds at most `limit` opening brackets, so it cannot nest deeper than that:
 * indexOf runs natively, so a callback (a dozen brackets) skips the character-by-character scan.
 */
function fewBrackets(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}
