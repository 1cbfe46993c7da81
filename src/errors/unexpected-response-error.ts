import type { Redactor } from '../redaction/redactor.js';
import { KaleyraRequestError, safeRequest } from './request-error.js';
import { brandErrorClass } from './brand.js';

export interface UnexpectedResponseErrorInit {
  /** The request's HTTP method. */
  method: string;
  /** The request path; masked and reduced to the bare path before it is shown. */
  path: string;
  /** The 2xx status the answer came with. */
  status: number;
  /** The answer's Content-Type header, when it had one. */
  contentType: string | undefined;
  /** The body text as received; the error keeps at most 2 KiB of it. */
  body: string;
  /** Why the answer is unexpected, when it is not the body's shape (an answer over the size cap). */
  reason?: string;
  /** Scrubs the key from the message, the cause and the path; the client passes its own. */
  redactor?: Redactor;
}

const MAX_BODY_CHARS = 2048;

/**
 * A success status whose body is not the JSON the API documents (or is empty where an id was due).
 * The request WAS accepted, so sending it again would duplicate it; the error says so and keeps
 * the body for inspection.
 */
export class KaleyraUnexpectedResponseError extends KaleyraRequestError {
  static {
    brandErrorClass(this, 'KaleyraUnexpectedResponseError');
  }

  /** The 2xx status the answer came with. */
  readonly status: number;
  /** Always true: the status was 2xx. Do not resend. */
  readonly accepted = true;
  /** The body as received (at most 2 KiB, the key removed). */
  readonly body: string;

  /** Builds a message saying the request was accepted, why the answer is unusable, and not to resend. */
  constructor(init: UnexpectedResponseErrorInit) {
    const request = safeRequest(init);
    const what =
      init.reason !== undefined
        ? init.reason
        : init.body.trim() === ''
          ? 'the answer is empty'
          : `the answer is not JSON (${init.contentType || 'no content type'}, ${init.body.length} characters)`;
    super(
      request,
      `${request.method} ${request.path} was accepted (HTTP ${init.status}) but ${what}: do not resend it`,
    );
    this.status = init.status;
    this.body = request.redactor.text(init.body.slice(0, MAX_BODY_CHARS));
  }

  /** Same as KaleyraRequestError.toJSON, plus `status`, `accepted` and `body`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, accepted: this.accepted, body: this.body };
  }
}
