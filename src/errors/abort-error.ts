import { KaleyraError } from './kaleyra-error.js';
import { toSafePath } from './request-path.js';

export interface AbortErrorInit {
  method: string;
  path: string;
  /** The caller's `signal.reason`; kept only as a SafeCause. */
  reason?: unknown;
  secrets?: readonly string[];
}

/** The caller's AbortSignal fired. Never retried: the caller asked us to stop. */
export class KaleyraAbortError extends KaleyraError {
  static {
    this.prototype.name = 'KaleyraAbortError';
  }

  readonly method: string;
  readonly path: string;

  constructor(init: AbortErrorInit) {
    const path = toSafePath(init.path, init.secrets ?? []);
    const method = init.method.toUpperCase();
    super(`${method} ${path} was aborted by the caller`, { cause: init.reason, secrets: init.secrets ?? [] });
    this.method = method;
    this.path = path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path };
  }
}
