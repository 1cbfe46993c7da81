import createClient, {
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type Client,
} from 'openapi-fetch';
import type { paths as Paths } from '../../generated/openapi.js';
import type { CallOptions, CoreOptions } from './call-options.js';
import { createSafeLogger } from '../transport/logger.js';
import { KaleyraPromise, type WithResponse } from './api-promise.js';
import type { EncodedBody } from './body.js';
import { jsonBody } from './body.js';
import { SUCCESS_SHAPES } from '../../generated/spec-limits.js';
import { KaleyraError } from '../errors/kaleyra-error.js';
import { Redactor } from '../redaction/redactor.js';
import {
  isRedirect,
  MAX_ANSWER_BYTES,
  readBytesCapped,
  readJsonAnswer,
  Transport,
  type AnswerContext,
  type TransportPolicy,
} from './transport.js';

export type V1Paths = Pick<Paths, Extract<keyof Paths, `/v1/${string}`>>;
export type V2Paths = Pick<Paths, Extract<keyof Paths, `/v2/${string}`>>;

/** The HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'delete';
/** The paths of the document that have `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof Paths]: [NonNullable<Paths[P][M]>] extends [never] ? never : P;
}[keyof Paths];
type Operation<P extends keyof Paths, M extends Method> = NonNullable<Paths[P][M]>;
type Parameters<O> = O extends { parameters: infer X } ? X : never;
/** The path parameters of an operation, less the `sid` the core fills in. */
type PathParams<O> = Parameters<O> extends { path: infer X } ? Omit<X, 'sid'> : Record<never, never>;
type QueryParams<O> =
  Parameters<O> extends { query?: infer Q } ? ([Q] extends [never] ? undefined : Q) : undefined;
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type SuccessStatus = 200 | 201 | 202;
type Responses<O> = O extends { responses: infer R } ? R : never;
/** The JSON body of an operation's success answers, from the generated types. */
export type SuccessOf<O> = {
  [S in keyof Responses<O> & SuccessStatus]: Responses<O>[S] extends {
    content: { 'application/json': infer J };
  }
    ? J
    : never;
}[keyof Responses<O> & SuccessStatus];

/** One typed call: the operation's parameters (without `sid`), its body, and what the answer may be. */
export type CoreCall<P extends keyof Paths, M extends Method> = {
  path: PathParams<Operation<P, M>>;
  query?: QueryParams<Operation<P, M>>;
  /** A JSON body typed by the document, or a form / multipart body already encoded. */
  body?: { json: JsonBody<Operation<P, M>> } | { encoded: EncodedBody };
};

/** A CoreCall once its operation is fixed: what #send reads of it. */
interface AnyCall {
  path: object;
  query?: unknown;
  body?: { json: unknown } | { encoded: EncodedBody } | undefined;
}

const querySerializer = createQuerySerializer();

/**
 * openapi-fetch percent-encodes path parameters, turning `+919876543210` into `%2B919876543210`.
 * A `+` is legal in a path segment and is what Kaleyra's own samples send, so it is kept as is: a
 * gateway that does not decode the segment would otherwise see a different number.
 */
export function kaleyraPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  return defaultPathSerializer(pathname, pathParams).replace(/%2B/gi, '+');
}

/**
 * The one request core. Every call, high-level or raw, leaves through its transport: the same
 * key handling, redirect refusal, timeouts, retries, error decoding and redaction. Resources call
 * `call` (or `callMaybeEmpty`) with an operation of the generated `paths`; the answer's type comes
 * from the same document.
 */
export class RequestCore {
  readonly #options: CoreOptions;
  readonly #transport: Transport;
  readonly #redactor: Redactor;
  readonly #urls = new Map<string, string>();
  /** The typed openapi-fetch client for v1 operations, under the core's transport. */
  readonly v1: Client<V1Paths>;
  /** The typed openapi-fetch client for v2 operations, under the core's transport. */
  readonly v2: Client<V2Paths>;

  /** Builds the core of one client from its checked options and the redactor holding its key. */
  constructor(options: CoreOptions, redactor: Redactor) {
    this.#options = options;
    this.#redactor = redactor;
    const logger = options.logger ? createSafeLogger(options.logger, this.#redactor) : undefined;
    this.#transport = new Transport(options.fetch, this.#redactor, logger, options.fetchIsNodes);
    this.v1 = this.#rawClient<V1Paths>(options.baseUrls.v1);
    this.v2 = this.#rawClient<V2Paths>(options.baseUrls.v2);
  }

  /** The client's account SID and default sender, for resources. */
  get defaults(): { sid: string; from: string | undefined } {
    return { sid: this.#options.sid, from: this.#options.from };
  }

  /** Sends one operation and resolves with its JSON answer; an empty answer is an error. */
  call<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    request: CoreCall<P, M>,
    call: CallOptions | undefined,
  ): Promise<WithResponse<SuccessOf<Operation<P, M>>>> {
    return this.#send(method, path, request, call, false) as Promise<
      WithResponse<SuccessOf<Operation<P, M>>>
    >;
  }

  /** As `call`, for operations whose answers the pages do not print: an empty answer is undefined. */
  callMaybeEmpty<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    request: CoreCall<P, M>,
    call: CallOptions | undefined,
  ): Promise<WithResponse<SuccessOf<Operation<P, M>> | undefined>> {
    return this.#send(method, path, request, call, true) as Promise<
      WithResponse<SuccessOf<Operation<P, M>> | undefined>
    >;
  }

  /** Wraps a resource method's work so its result offers `.withResponse()`. */
  answered<T>(work: () => Promise<WithResponse<T>>): KaleyraPromise<T> {
    return new KaleyraPromise(startWork(work));
  }

  // The one place where the wire's JSON becomes the document's type: `readJsonAnswer` checked it
  // is JSON, and the operation's generated types say what the API answers.
  async #send(
    method: Method,
    path: string,
    request: AnyCall,
    call: CallOptions | undefined,
    optional: boolean,
  ): Promise<WithResponse<unknown>> {
    const url = this.#url(path, request);
    const body =
      request.body === undefined
        ? undefined
        : 'json' in request.body
          ? jsonBody(request.body.json)
          : request.body.encoded;
    const verb = method.toUpperCase();
    const answer: AnswerContext = {
      method: verb,
      url,
      optional,
      redactor: this.#redactor,
      shape: SUCCESS_SHAPES[`${verb} ${path}`],
    };
    return await this.#transport.send({
      method: verb,
      url,
      headers: call?.headers,
      body,
      policy: this.#policy(call),
      async read(response, signal) {
        const data = await readJsonAnswer(response, signal, answer);
        return { data, response: { status: response.status, headers: response.headers } };
      },
    });
  }

  /**
   * The full URL of `path` with the call's parameters, by openapi-fetch's serializers. A URL without
   * a query is remembered: a sender's sends all go to the same few URLs, and building one is the
   * larger part of what the core spends per send besides fetch. Bounded: cleared once full.
   */
  #url(path: string, request: AnyCall): string {
    const memo = request.query === undefined ? `${path} ${JSON.stringify(request.path)}` : undefined;
    const known = memo === undefined ? undefined : this.#urls.get(memo);
    if (known !== undefined) return known;
    const url = createFinalURL(path, {
      baseUrl: path.startsWith('/v1/') ? this.#options.baseUrls.v1 : this.#options.baseUrls.v2,
      params: {
        path: { ...request.path, sid: this.#options.sid },
        ...(isRecord(request.query) ? { query: request.query } : {}),
      },
      querySerializer,
      pathSerializer: kaleyraPathSerializer,
    });
    if (memo !== undefined) {
      if (this.#urls.size >= MAX_REMEMBERED_URLS) this.#urls.clear();
      this.#urls.set(memo, url);
    }
    return url;
  }

  /**
   * GETs a file that an event points at (Kaleyra's stored copy of incoming media), following at most
   * MAX_MEDIA_REDIRECTS redirects, each to an https URL only. The key goes only to the client's own
   * Kaleyra hosts (its v1 and v2 base URLs' origins), hop by hop; any other host gets no key. Resolves
   * with the 2xx answer, body unread: the caller streams it under its own size cap and deadline.
   */
  async fetchMedia(
    url: string,
    call: CallOptions | undefined,
  ): Promise<{ url: string; label: string; response: Response }> {
    const own = new Set([
      new URL(this.#options.baseUrls.v1).origin,
      new URL(this.#options.baseUrls.v2).origin,
    ]);
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      const response = await this.#transport.send({
        method: 'GET',
        url: current.href,
        headers: call?.headers,
        policy: this.#policy(call),
        credential: own.has(current.origin) ? 'api-key' : 'none',
        redirects: 'return',
        accepts: (answer) => answer.ok || isRedirect(answer),
        read: async (answer) => answer,
      });
      // The label names the file in errors: scrubbed here, where the key is known.
      const label = this.#redactor.text(`GET ${current.origin}${current.pathname}`);
      if (!isRedirect(response)) return { url: current.href, label, response };
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const next = location === null ? undefined : parseUrl(location, current);
      const refuse = (why: string) =>
        new KaleyraError(`GET ${current.origin}${current.pathname}: ${why}`, { redactor: this.#redactor });
      if (next === undefined) throw refuse(`answered ${response.status} without a usable Location`);
      if (next.protocol !== 'https:')
        throw refuse(`redirects to a ${next.protocol.slice(0, -1)} URL; only https redirects are followed`);
      if (hop + 1 > MAX_MEDIA_REDIRECTS) throw refuse(`redirected more than ${MAX_MEDIA_REDIRECTS} times`);
      current = next;
    }
  }

  #policy(call: CallOptions | undefined): TransportPolicy {
    return {
      timeoutMs: call?.timeoutMs ?? this.#options.timeoutMs,
      maxRetries: call?.maxRetries ?? this.#options.maxRetries,
      retryMaybeDelivered: call?.retryMaybeDelivered ?? this.#options.retryMaybeDelivered,
      signal: call?.signal,
    };
  }

  /**
   * An openapi-fetch client whose fetch is the core's transport, with a light Request class:
   * undici's Request constructor is where openapi-fetch spends its time, and the transport only
   * needs the URL, method, headers and body. Raw calls get one attempt (they return `{ error }`
   * for an API error, as openapi-fetch does), with redirects refused and typed failures.
   */
  #rawClient<P extends object>(baseUrl: string): Client<P> {
    const transport = this.#transport;
    const policy = () => ({ ...this.#policy(undefined), maxRetries: 0 });
    const client = createClient<P>({
      baseUrl,
      pathSerializer: kaleyraPathSerializer,
      Request: TransportRequest as unknown as typeof Request,
      fetch: (input) => {
        const request = input as unknown as TransportRequest;
        return transport.send({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: rawBody(request.body),
          policy: { ...policy(), signal: request.signal ?? undefined },
          accepts: () => true,
          read: async (response, signal) => {
            // Read here, under the attempt's timeout, so a stalled body is a typed timeout too.
            const bytes = await readAll(response, signal);
            return new Response(bytes, {
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
            });
          },
        });
      },
    });
    return client;
  }

  /** Shown by JSON.stringify: nothing of the key. */
  toJSON(): string {
    return '[RequestCore]';
  }

  /** Shown by util.inspect and console.log. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[RequestCore]';
  }
}

/** The Request openapi-fetch builds for a raw call: just what the transport reads. */
class TransportRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal;
  }
}

function rawBody(body: BodyInit | null | undefined): EncodedBody | undefined {
  if (body === undefined || body === null) return undefined;
  const streamed = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
  return { produce: () => body, replayable: !streamed, headers: {}, streamed, succeeded: () => undefined };
}

async function readAll(response: Response, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer> | null> {
  if (response.body === null) return null;
  // Raw answers (lists) may be longer than a send's, but are still bounded.
  const max = 16 * MAX_ANSWER_BYTES;
  const bytes = await readBytesCapped(response, signal, max);
  if (bytes === undefined) throw new RangeError(`the answer is over ${max} bytes`);
  return bytes;
}

/** URLs a core remembers (see #url): a few per sender and operation, so this many is plenty. */
const MAX_REMEMBERED_URLS = 256;

/** Runs a resource method's work at once, a throw becoming a rejection like any other failure. */
function startWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Redirects a media download follows at most (S3 and CDN links redirect once or twice). */
export const MAX_MEDIA_REDIRECTS = 5;

function parseUrl(text: string, base: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
