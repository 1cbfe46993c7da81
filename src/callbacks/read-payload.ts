import { MAX_JSON_DEPTH, nestingDepth } from './json-value.js';
import { readBodyText } from './read-body.js';
import { rejection, type CallbackRejection } from './rejection.js';
import { unquotedParams } from './unquote.js';

/** Where the payload came from; query and form payloads hold strings only. */
export type PayloadSource = 'query' | 'json' | 'form';

export type Payload =
  { ok: true; raw: unknown; source: PayloadSource } | { ok: false; rejection: CallbackRejection };

/**
 * Turns a request into the payload a callback profile delivers: the query string for GET, the
 * body for POST. JSON is expected; urlencoded forms are accepted because profiles can be set up
 * that way, and a body with no (or a text/plain) content type is read as JSON when it looks like it.
 */
export async function readPayload(
  request: Request,
  maxBodyBytes: number,
  bodyTimeoutMs?: number,
): Promise<Payload> {
  const method = request.method.toUpperCase();
  const query = new URL(request.url).searchParams;
  if (method === 'GET') return { ok: true, raw: unquotedParams(query), source: 'query' };
  if (method !== 'POST') {
    return {
      ok: false,
      rejection: rejection('unsupported-method', 'Callbacks are accepted as GET or POST only.'),
    };
  }

  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = bodyKind(mediaType);
  if (kind === undefined) {
    return {
      ok: false,
      rejection: rejection('unsupported-content-type', 'Send JSON or application/x-www-form-urlencoded.'),
    };
  }
  const body = await readBodyText(request, maxBodyBytes, bodyTimeoutMs);
  if (!body.ok) return body;

  // A POST profile with only query variables still delivers something useful.
  if (body.text.trim() === '' && [...query.keys()].length > 0) {
    return { ok: true, raw: unquotedParams(query), source: 'query' };
  }
  if (kind === 'form' || (kind === 'sniff' && !looksLikeJson(body.text) && body.text.includes('='))) {
    return { ok: true, raw: unquotedParams(new URLSearchParams(body.text)), source: 'form' };
  }
  if (nestingDepth(body.text) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      rejection: rejection('too-deep', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`),
    };
  }
  try {
    return { ok: true, raw: JSON.parse(body.text) as unknown, source: 'json' };
  } catch {
    return { ok: false, rejection: rejection('invalid-json', 'The request body is not valid JSON.') };
  }
}

function bodyKind(mediaType: string): 'json' | 'form' | 'sniff' | undefined {
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
