import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';

/** The request an error is about, reduced to what is safe to show: upper-case method, bare path. */
export interface SafeRequest {
  method: string;
  path: string;
  secrets: readonly string[];
}

export function safeRequest(init: { method: string; path: string; secrets?: readonly string[] }): SafeRequest {
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

  readonly method: string;
  /** The request path only: never the host, credentials or the query string. */
  readonly path: string;

  constructor(request: SafeRequest, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, secrets: request.secrets });
    this.method = request.method;
    this.path = request.path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path };
  }
}
