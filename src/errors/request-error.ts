import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';

/** The request an error is about, reduced to what is safe to show: upper-case method, bare path. */
export interface SafeRequest {
  /** The method, upper-cased. */
  method: string;
  /** The path only, secrets masked; no host or query string. */
  path: string;
  /** Values (the API key) to mask in the message and the cause. */
  secrets: readonly string[];
}

/** Reduces a request to what an error may show: upper-cased method, masked bare path. */
export function safeRequest(init: {
  method: string;
  path: string;
  secrets?: readonly string[];
}): SafeRequest {
  const secrets = init.secrets ?? [];
  return { method: init.method.toUpperCase(), path: toSafePath(init.path, secrets), secrets };
}

/**
 * Base of the errors about one request (API answers, connection failures, timeouts, aborts,
 * unexpected answers): they all carry its method and path, never its host, query or headers.
 */
export class KaleyraRequestError extends KaleyraError {
  static {
    this.prototype.name = 'KaleyraRequestError';
  }

  /** The request's HTTP method, upper-cased. */
  readonly method: string;
  /** The request path only: never the host, credentials or the query string. */
  readonly path: string;

  /** Keeps the safe method and path, and masks the request's secrets in the message. */
  constructor(request: SafeRequest, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, secrets: request.secrets });
    this.method = request.method;
    this.path = request.path;
  }

  /** A plain object for logs: name, message, cause, method and path, secrets masked. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path };
  }
}
