import { Redactor } from '../core/redactor.js';
import { toSafeCause, type SafeCause } from './safe-cause.js';

export interface KaleyraErrorOptions {
  /** Any underlying failure; only its name, code and message are kept (see SafeCause). */
  cause?: unknown;
  /** Scrubs the message and the cause; the client passes its own. Without one no key is known to hide. */
  redactor?: Redactor;
}

/**
 * Base of every error this SDK throws. The message and cause go through the Redactor here, at
 * construction, so that the stack (which V8 captures with the message) and the cause are clean before anyone can log them.
 */
export class KaleyraError extends Error {
  static {
    // On the prototype rather than as a field so the name is in place while Error() builds the stack.
    this.prototype.name = 'KaleyraError';
  }

  /** The underlying failure reduced to name, code and message, with the key scrubbed. */
  declare readonly cause: SafeCause | undefined;

  /** Scrubs the message and the cause with `options.redactor` before the stack is captured. */
  constructor(message: string, options: KaleyraErrorOptions = {}) {
    const redactor = options.redactor ?? Redactor.none;
    const cause = toSafeCause(options.cause, redactor);
    super(redactor.text(message), cause === undefined ? undefined : { cause });
  }

  /** The fields that are safe to log or send elsewhere; subclasses add theirs. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    if (this.cause !== undefined) json.cause = this.cause;
    return json;
  }
}
