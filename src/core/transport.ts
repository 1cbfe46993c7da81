import { createApiError } from '../errors/api-error.js';
import { KaleyraError } from '../errors/kaleyra-error.js';
import { KaleyraUnexpectedResponseError } from '../errors/unexpected-response-error.js';
import type { KaleyraLogger } from '../transport/logger.js';
import { runRequest, type RunRequestOptions } from './run-request.js';
import { nodeFetchReleasesChunks, type EncodedBody } from './body.js';
import type { Redactor } from '../redaction/redactor.js';

/** The transport settings a call runs under: the client's, overridden per call. */
export interface TransportPolicy {
  /** Per attempt, reading the answer included. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Whether failures that may have delivered the request are retried too. */
  retryMaybeDelivered: boolean;
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
}

/** One request as the transport sends it: already addressed, headers final but for the key. */
export interface Exchange<T> {
  /** The upper-case HTTP method. */
  method: string;
  /** The full URL, path parameters and query filled in. */
  url: string;
  /** The caller's extra headers; the key and the body's own headers are set over them. */
  headers?: Readonly<Record<string, string>> | Headers | undefined;
  /** The body, produced afresh for each attempt. */
  body?: EncodedBody | undefined;
  /** Timeout, retries and signal for this request. */
  policy: TransportPolicy;
  /** Reads the accepted answer inside the attempt, under its timeout. */
  read: (response: Response, signal: AbortSignal) => Promise<T>;
  /** Statuses handed to `read`; default 2xx (the rest become KaleyraApiError). */
  accepts?: (response: Response) => boolean;
  /**
   * `'api-key'` (default) sets the key; `'none'` sends no key, for a URL that is not the client's
   * Kaleyra host (a media file's own host).
   */
  credential?: 'api-key' | 'none';
  /**
   * `'refuse'` (default): a redirect is an error. `'return'`: the 3xx answer goes to `accepts` and
   * `read`, for a caller that follows it itself under its own rules (never with a body).
   */
  redirects?: 'refuse' | 'return';
}

/** What a call's answer says besides its body: the status and the headers. */
export interface ResponseMeta {
  /** The HTTP status. */
  status: number;
  /** The answer's headers. */
  headers: Headers;
}

/**
 * The largest answer body read. Kaleyra's answers are a few hundred bytes; a 200 MB text page from
 * a misconfigured proxy must not be read whole.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Sends requests under the client's policy: the key set last (no caller header can replace it),
 * redirects refused (the key and the body never reach another origin, nothing is sent twice),
 * timeouts over the whole attempt, the retry policy, typed failures, redaction.
 */
export class Transport {
  readonly #fetch: typeof fetch;
  readonly #redactor: Redactor;
  readonly #logger: KaleyraLogger | undefined;
  readonly #fetchIsNodes: boolean;

  /** Builds the transport of one client. `fetchIsNodes`: `fetchImpl` is Node's own (see isNodeFetch). */
  constructor(
    fetchImpl: typeof fetch,
    redactor: Redactor,
    logger: KaleyraLogger | undefined,
    fetchIsNodes = false,
  ) {
    this.#fetch = fetchImpl;
    this.#fetchIsNodes = fetchIsNodes;
    this.#redactor = redactor;
    this.#logger = logger;
  }

  /** Sends `exchange`, retrying as the policy allows, and resolves with what `read` made of the answer. */
  send<T>(exchange: Exchange<T>): Promise<T> {
    const { method, url, body, policy } = exchange;
    const path = pathOf(url);
    const headers = this.#headers(exchange);
    const redactor = this.#redactor;
    const fetchImpl = this.#fetch;
    const fetchIsNodes = this.#fetchIsNodes;
    // Every send comes through here: the options are one literal, the functions methods (no
    // closure to name per send), the optional members set only when there is one.
    const options: RunRequestOptions<T> & Required<Pick<RunRequestOptions<T>, 'readSuccess'>> = {
      method,
      path,
      maxRetries: policy.maxRetries,
      timeoutMs: policy.timeoutMs,
      retryMaybeDelivered: policy.retryMaybeDelivered,
      replayable: body?.replayable ?? true,
      redactor,
      async attempt(signal) {
        // 'manual' shows a redirect as the 3xx it is. A streamed body goes with 'error' instead:
        // only then can fetch drop each chunk once written, rather than keep the whole upload to
        // be able to follow a 307.
        const init: RequestInit & { duplex?: 'half' } = {
          method,
          headers,
          signal,
          redirect: body?.streamed ? 'error' : 'manual',
        };
        if (body) {
          const recycle = body.streamed && fetchIsNodes && nodeFetchReleasesChunks();
          init.body = body.produce(signal, recycle);
          if (body.streamed) init.duplex = 'half';
        }
        let response: Response;
        try {
          response = await fetchImpl(url, init);
        } catch (error) {
          if (isRefusedRedirect(error))
            throw new KaleyraError(`${method} ${path}: ${REDIRECT_REFUSED}`, { redactor });
          throw error;
        }
        if (
          isRedirect(response) &&
          !(exchange.redirects === 'return' && response.type !== 'opaqueredirect')
        ) {
          response.body?.cancel().catch(() => undefined);
          throw createApiError({
            status: response.status,
            method,
            path,
            headers: response.headers,
            detail: REDIRECT_REFUSED,
            redactor,
          });
        }
        return response;
      },
      async readSuccess(response, signal) {
        const value = await exchange.read(response, signal);
        body?.succeeded();
        return value;
      },
    };
    if (policy.signal) options.signal = policy.signal;
    if (this.#logger) options.logger = this.#logger;
    if (exchange.accepts) options.accepts = exchange.accepts;
    return runRequest(options);
  }

  #headers(exchange: Exchange<unknown>): Record<string, string> {
    const headers: Record<string, string> = {};
    const given = exchange.headers;
    if (given instanceof Headers) given.forEach((value, name) => (headers[name] = value));
    else if (given) for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
    if (exchange.body) Object.assign(headers, exchange.body.headers);
    if (exchange.credential === 'none') delete headers['api-key'];
    else headers['api-key'] = this.#redactor.reveal();
    return headers;
  }

  /** Shown by JSON.stringify and util.inspect: nothing of the key. */
  toJSON(): string {
    return '[Transport]';
  }
}

const REDIRECT_REFUSED =
  'the server answered with a redirect; redirects are refused, so the key and the body never reach another URL and nothing is sent twice (check baseUrl)';

/** fetch's failure for a redirect under `redirect: 'error'` (undici: "unexpected redirect"). */
function isRefusedRedirect(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    if (/redirect/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** A 3xx answer, or a browser's opaque stand-in for one. */
export function isRedirect(response: Response): boolean {
  // A browser reports a refused redirect as an opaque answer with status 0.
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end === -1 ? undefined : end);
}

/**
 * Reads an accepted answer as the JSON the API documents, at most MAX_ANSWER_BYTES. An empty body
 * resolves to undefined when `optional`; anything else that is not JSON (a broken body, an empty
 * one where an id was due, an oversized one) is a KaleyraUnexpectedResponseError saying the request
 * was accepted, so it is not sent again.
 */
export async function readJsonAnswer(
  response: Response,
  signal: AbortSignal,
  context: AnswerContext,
): Promise<unknown> {
  const text = await readCapped(response, signal);
  if (text === undefined)
    throw unexpectedAnswer(response, context, '', `the answer is over ${MAX_ANSWER_BYTES} bytes`);
  if (text.trim() === '') {
    if (context.optional) return undefined;
    throw unexpectedAnswer(response, context, text);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text) as unknown;
  } catch {
    throw unexpectedAnswer(response, context, text);
  }
  const missing = context.shape === undefined ? undefined : shapeFault(answer, context.shape);
  if (missing !== undefined) throw unexpectedAnswer(response, context, text, missing);
  return answer;
}

/** What readJsonAnswer needs to know of the call besides its answer. */
export interface AnswerContext {
  /** The request's method, for the error an unreadable answer becomes. */
  method: string;
  /** The request's URL (redacted where an error shows it). */
  url: string;
  /** True where an empty answer is allowed (nothing to parse). */
  optional: boolean;
  /** Redacts the credential from any error built from the answer. */
  redactor: Redactor;
  /** What the document says the answer holds (SUCCESS_SHAPES); checked after parsing. */
  shape?: SuccessShape | undefined;
}

function unexpectedAnswer(
  response: Response,
  context: AnswerContext,
  text: string,
  reason?: string,
): KaleyraUnexpectedResponseError {
  return new KaleyraUnexpectedResponseError({
    method: context.method,
    path: pathOf(context.url),
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: text,
    ...(reason !== undefined ? { reason } : {}),
    redactor: context.redactor,
  });
}

/** An accepted answer's shape as the document states it: `data` as in generated SUCCESS_SHAPES. */
export interface SuccessShape {
  /** `data` as the document requires it: a list, an object with these keys, or not required (null). */
  data: 'array' | readonly string[] | null;
}

/** What the answer lacks of its documented shape, for a person; undefined when it has it all. */
function shapeFault(answer: unknown, shape: SuccessShape): string | undefined {
  if (!isObject(answer)) return 'the answer is not the JSON object the API documents';
  if (shape.data === null) return undefined;
  const data = answer.data;
  if (shape.data === 'array') return Array.isArray(data) ? undefined : 'the answer has no `data` list';
  if (!isObject(data)) return 'the answer has no `data` object';
  const lacking = shape.data.filter((key) => data[key] === undefined || data[key] === null);
  return lacking.length === 0
    ? undefined
    : `the answer lacks ${lacking.map((key) => `data.${key}`).join(', ')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// decode() without `stream` keeps no state between calls, so one decoder serves every answer.
const utf8 = new TextDecoder();

async function readCapped(response: Response, signal: AbortSignal): Promise<string | undefined> {
  const bytes = await readBytesCapped(response, signal, MAX_ANSWER_BYTES);
  return bytes === undefined ? undefined : utf8.decode(bytes);
}

/**
 * Reads an answer's body under the attempt's signal, at most `maxBytes` (a larger declared or
 * actual length gives undefined and stops the read): a stalled or endless body never holds the call.
 */
export async function readBytesCapped(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return undefined;
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const canceller = new CancelOnAbort(reader, signal);
  signal.addEventListener('abort', canceller, { once: true });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', canceller);
  }
  // A short answer arrives in one chunk (Kaleyra's are a few hundred bytes): no copy then.
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Cancels a body's reader when the attempt aborts, so a stalled read ends; an abort listener. */
class CancelOnAbort {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>;
  readonly #signal: AbortSignal;

  constructor(reader: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>, signal: AbortSignal) {
    this.#reader = reader;
    this.#signal = signal;
  }

  handleEvent(): void {
    this.#reader.cancel(this.#signal.reason).catch(() => undefined);
  }
}
