import { KaleyraRequestError, safeRequest } from './request-error.js';

export interface AbortErrorInit {
  method: string;
  path: string;
  /** The caller's `signal.reason`; kept only as a SafeCause. */
  reason?: unknown;
  secrets?: readonly string[];
}

/** The caller's AbortSignal fired. Never retried: the caller asked us to stop. */
export class KaleyraAbortError extends KaleyraRequestError {
  static {
    this.prototype.name = 'KaleyraAbortError';
  }

  constructor(init: AbortErrorInit) {
    const request = safeRequest(init);
    super(request, `${request.method} ${request.path} was aborted by the caller`, { cause: init.reason });
  }
}
