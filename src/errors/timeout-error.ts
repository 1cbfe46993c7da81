import type { Redactor } from '../redaction/redactor.js';
import { KaleyraRequestError, safeRequest } from './request-error.js';
import { brandErrorClass } from './brand.js';

export interface TimeoutErrorInit {
  /** The request's HTTP method. */
  method: string;
  /** The request path; masked and reduced to the bare path before it is shown. */
  path: string;
  /** The per-attempt timeout that ran out, in milliseconds. */
  timeoutMs: number;
  /** Scrubs the key from the message, the cause and the path; the client passes its own. */
  redactor?: Redactor;
}

/**
 * No answer within the per-attempt timeout. The request may still have been processed: a send
 * that timed out can have put the message on the recipient's phone.
 */
export class KaleyraTimeoutError extends KaleyraRequestError {
  static {
    brandErrorClass(this, 'KaleyraTimeoutError');
  }

  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;

  /** Builds a message that names the timeout and warns the request may have been processed. */
  constructor(init: TimeoutErrorInit) {
    const request = safeRequest(init);
    super(
      request,
      `${request.method} ${request.path} got no response within ${init.timeoutMs} ms; the request may have reached Kaleyra and been processed`,
    );
    this.timeoutMs = init.timeoutMs;
  }

  /** Same as KaleyraRequestError.toJSON, plus `timeoutMs`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
