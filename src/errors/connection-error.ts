import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';

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
export class KaleyraConnectionError extends KaleyraError {
  static {
    this.prototype.name = 'KaleyraConnectionError';
  }

  readonly method: string;
  readonly path: string;
  readonly reachedServer: false | 'unknown';
  readonly code: string | undefined;

  constructor(init: ConnectionErrorInit) {
    const path = toSafePath(init.path, init.secrets ?? []);
    const method = init.method.toUpperCase();
    const why = init.code ?? 'network error';
    const delivery =
      init.reachedServer === false
        ? 'the request was not sent'
        : 'the request may have reached Kaleyra and been processed';
    super(`Connection failed for ${method} ${path} (${why}); ${delivery}`, {
      cause: init.cause,
      secrets: init.secrets ?? [],
    });
    this.method = method;
    this.path = path;
    this.reachedServer = init.reachedServer;
    this.code = init.code;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      method: this.method,
      path: this.path,
      reachedServer: this.reachedServer,
      code: this.code,
    };
  }
}
