import { KaleyraRequestError, safeRequest } from './request-error.js';

export interface TimeoutErrorInit {
  method: string;
  path: string;
  timeoutMs: number;
  secrets?: readonly string[];
}

/**
 * No answer within the per-attempt timeout. The request may still have been processed: a send
 * that timed out can have put the message on the recipient's phone.
 */
export class KaleyraTimeoutError extends KaleyraRequestError {
  static {
    this.prototype.name = 'KaleyraTimeoutError';
  }

  readonly timeoutMs: number;

  constructor(init: TimeoutErrorInit) {
    const request = safeRequest(init);
    super(
      request,
      `${request.method} ${request.path} got no response within ${init.timeoutMs} ms; the request may have reached Kaleyra and been processed`,
    );
    this.timeoutMs = init.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
