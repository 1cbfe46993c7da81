import { Redactor } from '../redaction/redactor.js';
import { toSafeCause, type SafeCause } from './safe-cause.js';
import { brandErrorClass, hasErrorBrand, isInstanceByBrand } from './brand.js';

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
    brandErrorClass(this, 'KaleyraError');
  }

  /**
   * `error instanceof KaleyraApiError` (or any class here) holds for an error from another copy of
   * the SDK too, e.g. one thrown by the CommonJS build and caught by code that imported the ESM one.
   * Inherited by every subclass, with `this` the class on the right of `instanceof`.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isInstanceByBrand(this, value);
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

/**
 * True for any error this SDK throws, from whichever copy of it (ESM or CommonJS build, a duplicate
 * in node_modules): a type guard for `catch (error)` that needs no class import.
 */
export function isKaleyraError(value: unknown): value is KaleyraError {
  return hasErrorBrand(value);
}
