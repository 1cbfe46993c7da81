import { lookupErrorCode, normalizeErrorCode, retryHintForStatus, type RetryHint } from './catalogue.js';
import type { HeadersLike, Redactor } from '../redaction/redactor.js';
import { KaleyraRequestError, safeRequest } from './request-error.js';
import { brandErrorClass } from './brand.js';

/** What the request core read from a non-2xx answer, handed to createApiError to build the error. */
export interface ApiErrorInit {
  /** The HTTP status code of the answer. */
  status: number;
  /** The reason phrase as received; often empty over HTTP/2. */
  statusText?: string;
  /** The envelope's `code` exactly as sent, or undefined when the body carried none. */
  code?: string;
  /** The envelope's `message` exactly as sent (Kaleyra sometimes adds a leading space). */
  serverMessage?: string;
  /** The envelope's `error` details keyed by field or area, when it had any. */
  fieldErrors?: Record<string, string>;
  /** The raw body text, already capped by the reader. */
  body?: string;
  /** Whether `body` was cut at the cap. */
  bodyTruncated?: boolean;
  /** The body parsed as JSON, when it was JSON. */
  parsed?: unknown;
  /** The request's HTTP method, for the message and `toJSON`. */
  method: string;
  /** The request path; the key in it is masked before it reaches the error. */
  path: string;
  /** Only meaningful for 429. */
  retryAfterMs?: number;
  /** What went wrong, for a person; the status line and the request are prefixed to it. */
  detail: string;
  /** The answer's headers as received; the error keeps them lower-cased and masked (Redactor.headers). */
  headers?: HeadersLike;
  /** Scrubs the key wherever the error prints its request, message, body or headers. */
  redactor?: Redactor;
}

/** An HTTP answer outside 2xx. The subclass says the status family; `code` says what Kaleyra meant. */
export class KaleyraApiError extends KaleyraRequestError {
  static {
    brandErrorClass(this, 'KaleyraApiError');
  }

  /** The HTTP status code of the answer. */
  readonly status: number;
  /** The envelope's `code` exactly as sent (e.g. `WA-401`), or undefined when the body carried none. */
  readonly code: string | undefined;
  /** `code` without hyphens, upper-cased: compare this, because `WA-401` and `WA401` mean the same. */
  readonly normalizedCode: string | undefined;
  /** The envelope's `message` exactly as sent, which may differ from the error's own `message`. */
  readonly serverMessage: string | undefined;
  /** The envelope's `error` details keyed by field or area; `{}` when there were none. */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** The raw body text, capped; see `bodyTruncated`. */
  readonly body: string;
  /** Whether `body` was cut at the cap, so it is not the whole answer. */
  readonly bodyTruncated: boolean;
  /** The body parsed as JSON, or undefined when it was not JSON. */
  readonly parsed: unknown;
  /** Whether sending the same request again can help; from the catalogue, else from the status. */
  readonly retryHint: RetryHint;
  /** The documented meaning of `code`, when the catalogue knows it. */
  readonly meaning: string | undefined;
  /** The answer's headers (a request id, rate-limit counters), names lower-cased, credentials masked. */
  readonly headers: Readonly<Record<string, string>>;

  /** Builds the message from the status line, request and detail; prefer createApiError, which picks the subclass. */
  constructor(init: ApiErrorInit) {
    const request = safeRequest(init);
    const statusLine = init.statusText ? `${init.status} ${init.statusText}` : String(init.status);
    super(request, `HTTP ${statusLine} from ${request.method} ${request.path}: ${init.detail}`);
    const { redactor } = request;
    const known = lookupErrorCode(init.code);
    this.status = init.status;
    this.code = init.code;
    this.normalizedCode = init.code === undefined ? undefined : normalizeErrorCode(init.code);
    this.serverMessage = init.serverMessage === undefined ? undefined : redactor.text(init.serverMessage);
    this.fieldErrors = Object.freeze(
      Object.fromEntries(
        Object.entries(init.fieldErrors ?? {}).map(([key, value]) => [key, redactor.text(value)]),
      ),
    );
    this.body = redactor.text(init.body ?? '');
    this.bodyTruncated = init.bodyTruncated ?? false;
    this.parsed = init.parsed;
    this.retryHint = known?.retry ?? retryHintForStatus(init.status);
    this.meaning = known?.meaning;
    this.headers = Object.freeze(redactor.headers(init.headers ?? {}));
  }

  /** A plain object for logs with the status, codes, hints, body and headers; credentials stay masked. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      normalizedCode: this.normalizedCode,
      serverMessage: this.serverMessage,
      fieldErrors: this.fieldErrors,
      retryHint: this.retryHint,
      meaning: this.meaning,
      body: this.body,
      bodyTruncated: this.bodyTruncated,
      headers: this.headers,
    };
  }
}

/** HTTP 400: Kaleyra rejected the request's content; `code` and `fieldErrors` say which part. */
export class KaleyraBadRequestError extends KaleyraApiError {
  static {
    brandErrorClass(this, 'KaleyraBadRequestError');
  }
}

/** HTTP 401: a wrong SID or API key, or a number or WABA the account may not use with this API. */
export class KaleyraAuthenticationError extends KaleyraApiError {
  static {
    brandErrorClass(this, 'KaleyraAuthenticationError');
  }
}

/** HTTP 413: the request body (usually an upload) was larger than the server accepts. */
export class KaleyraPayloadTooLargeError extends KaleyraApiError {
  static {
    brandErrorClass(this, 'KaleyraPayloadTooLargeError');
  }
}

/** HTTP 429: too many requests; wait (see `retryAfterMs`) before sending again. */
export class KaleyraRateLimitError extends KaleyraApiError {
  static {
    brandErrorClass(this, 'KaleyraRateLimitError');
  }

  /** How long the server asked us to wait, when it sent Retry-After (Kaleyra documents none). */
  readonly retryAfterMs: number | undefined;

  /** Reads `retryAfterMs` from the init besides what every API error keeps. */
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Same as KaleyraApiError.toJSON, plus `retryAfterMs`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** HTTP 5xx: Kaleyra failed on its side; a send may or may not have gone out. */
export class KaleyraServerError extends KaleyraApiError {
  static {
    brandErrorClass(this, 'KaleyraServerError');
  }
}

/** Picks the class for the status; statuses without a family of their own stay KaleyraApiError. */
export function createApiError(init: ApiErrorInit): KaleyraApiError {
  const { status } = init;
  if (status === 400) return new KaleyraBadRequestError(init);
  if (status === 401) return new KaleyraAuthenticationError(init);
  if (status === 413) return new KaleyraPayloadTooLargeError(init);
  if (status === 429) return new KaleyraRateLimitError(init);
  if (status >= 500) return new KaleyraServerError(init);
  return new KaleyraApiError(init);
}
