import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';

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
export class KaleyraTimeoutError extends KaleyraError {
  static {
    this.prototype.name = 'KaleyraTimeoutError';
  }

  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(init: TimeoutErrorInit) {
    const path = toSafePath(init.path, init.secrets ?? []);
    const method = init.method.toUpperCase();
    super(
      `${method} ${path} got no response within ${init.timeoutMs} ms; the request may have reached Kaleyra and been processed`,
      { secrets: init.secrets ?? [] },
    );
    this.method = method;
    this.path = path;
    this.timeoutMs = init.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path, timeoutMs: this.timeoutMs };
  }
}
