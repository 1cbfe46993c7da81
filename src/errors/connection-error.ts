import { KaleyraRequestError, safeRequest } from './request-error.js';

export interface ConnectionErrorInit {
  method: string;
  path: string;
  /**
   * `false` when the failure proves the request never left (refused, DNS, nothing written);
   * `'unknown'` when it may have been received and acted on, e.g. a reset after sending.
   */
  reachedServer: false | 'unknown';
  /** The system or runtime code behind the failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...). */
  code?: string;
  cause?: unknown;
  secrets?: readonly string[];
}

/** No HTTP answer arrived because the network failed. */
export class KaleyraConnectionError extends KaleyraRequestError {
  static {
    this.prototype.name = 'KaleyraConnectionError';
  }

  readonly reachedServer: false | 'unknown';
  readonly code: string | undefined;

  constructor(init: ConnectionErrorInit) {
    const request = safeRequest(init);
    const why = init.code ?? 'network error';
    const delivery =
      init.reachedServer === false
        ? 'the request was not sent'
        : 'the request may have reached Kaleyra and been processed';
    super(request, `Connection failed for ${request.method} ${request.path} (${why}); ${delivery}`, { cause: init.cause });
    this.reachedServer = init.reachedServer;
    this.code = init.code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reachedServer: this.reachedServer, code: this.code };
  }
}
