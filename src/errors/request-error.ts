import { Redactor } from '../redaction/redactor.js';
import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';
import { brandErrorClass } from './brand.js';

/** The request an error is about, reduced to what is safe to show: upper-case method, bare path. */
export interface SafeRequest {
  /** The method, upper-cased. */
  method: string;
  /** The path only, the key masked; no host or query string. */
  path: string;
  /** Scrubs the message and the cause. */
  redactor: Redactor;
}

/** Reduces a request to what an error may show: upper-cased method, masked bare path. */
export function safeRequest(init: {
  method: string;
  path: string;
  redactor?: Redactor | undefined;
}): SafeRequest {
  const redactor = init.redactor ?? Redactor.none;
  return { method: init.method.toUpperCase(), path: toSafePath(init.path, redactor), redactor };
}

/**
 * Base of the errors about one request (API answers, connection failures, timeouts, aborts,
 * unexpected answers): they all carry its method and path, never its host, query or headers.
 */
export class KaleyraRequestError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraRequestError');
  }

  /** The request's HTTP method, upper-cased. */
  readonly method: string;
  /** The request path only: never the host, credentials or the query string. */
  readonly path: string;

  /** Keeps the safe method and path, and scrubs the message and cause with the request's redactor. */
  constructor(request: SafeRequest, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, redactor: request.redactor });
    this.method = request.method;
    this.path = request.path;
  }

  /** A plain object for logs: name, message, cause, method and path, the key masked. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path };
  }
}
