import type { Redactor } from '../redaction/redactor.js';
import { KaleyraRequestError, safeRequest } from './request-error.js';
import { brandErrorClass } from './brand.js';

export interface AbortErrorInit {
  /** The request's HTTP method. */
  method: string;
  /** The request path; masked and reduced to the bare path before it is shown. */
  path: string;
  /** The caller's `signal.reason`; kept only as a SafeCause. */
  reason?: unknown;
  /** Scrubs the key from the message, the cause and the path; the client passes its own. */
  redactor?: Redactor;
}

/** The caller's AbortSignal fired. Never retried: the caller asked us to stop. */
export class KaleyraAbortError extends KaleyraRequestError {
  static {
    brandErrorClass(this, 'KaleyraAbortError');
  }

  /** Builds the message from the method and path; the reason becomes the SafeCause. */
  constructor(init: AbortErrorInit) {
    const request = safeRequest(init);
    super(request, `${request.method} ${request.path} was aborted by the caller`, { cause: init.reason });
  }
}
