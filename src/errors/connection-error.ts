import type { Redactor } from '../redaction/redactor.js';
import { KaleyraRequestError, safeRequest } from './request-error.js';
import { brandErrorClass } from './brand.js';

export interface ConnectionErrorInit {
  /** The request's HTTP method. */
  method: string;
  /** The request path; masked and reduced to the bare path before it is shown. */
  path: string;
  /**
   * `false` when the failure proves the request never left (refused, DNS, nothing written);
   * `'unknown'` when it may have been received and acted on, e.g. a reset after sending.
   */
  reachedServer: false | 'unknown';
  /** The system or runtime code behind the failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...). */
  code?: string;
  /** The runtime's underlying error; only its name, code and message are kept. */
  cause?: unknown;
  /** Scrubs the key from the message, the cause and the path; the client passes its own. */
  redactor?: Redactor;
}

/** No HTTP answer arrived because the network failed. */
export class KaleyraConnectionError extends KaleyraRequestError {
  static {
    brandErrorClass(this, 'KaleyraConnectionError');
  }

  /** `false` when the request provably never left, so resending cannot duplicate it; `unknown` when it may have been acted on. */
  readonly reachedServer: false | 'unknown';
  /** The system or runtime code behind the failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...), when known. */
  readonly code: string | undefined;

  /** Builds a message that names the code and says whether the request may have reached Kaleyra. */
  constructor(init: ConnectionErrorInit) {
    const request = safeRequest(init);
    const why = init.code ?? 'network error';
    const delivery =
      init.reachedServer === false
        ? 'the request was not sent'
        : 'the request may have reached Kaleyra and been processed';
    super(request, `Connection failed for ${request.method} ${request.path} (${why}); ${delivery}`, {
      cause: init.cause,
    });
    this.reachedServer = init.reachedServer;
    this.code = init.code;
  }

  /** Same as KaleyraRequestError.toJSON, plus `reachedServer` and `code`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reachedServer: this.reachedServer, code: this.code };
  }
}
