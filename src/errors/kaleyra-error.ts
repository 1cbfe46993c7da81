import { redactSecrets } from './redact-secrets.js';
import { toSafeCause, type SafeCause } from './safe-cause.js';

export interface KaleyraErrorOptions {
  /** Any underlying failure; only its name, code and message are kept (see SafeCause). */
  cause?: unknown;
  /** Strings to scrub from the message and the cause, typically the API key. */
  secrets?: readonly string[];
}

/**
 * Base of every error this SDK throws. Secrets are scrubbed here, at construction, so that the
 * stack (which V8 captures with the message) and the cause are clean before anyone can log them.
 */
export class KaleyraError extends Error {
  static {
    // On the prototype rather than as a field so the name is in place while Error() builds the stack.
    this.prototype.name = 'KaleyraError';
  }

  /** The underlying failure reduced to name, code and message, with secrets scrubbed. */
  declare readonly cause: SafeCause | undefined;

  /** Scrubs `secrets` from the message and the cause before the stack is captured. */
  constructor(message: string, options: KaleyraErrorOptions = {}) {
    const secrets = options.secrets ?? [];
    const cause = toSafeCause(options.cause, secrets);
    super(redactSecrets(message, secrets), cause === undefined ? undefined : { cause });
  }

  /** The fields that are safe to log or send elsewhere; subclasses add theirs. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    if (this.cause !== undefined) json.cause = this.cause;
    return json;
  }
}
