import { KaleyraError } from './kaleyra-error.js';
import { brandErrorClass } from './brand.js';

export interface ValidationFailure {
  /** The offending input, as the caller spelled it (`to`, `media.file_name`, ...). */
  field: string;
  /** A stable name for the rule that failed (`required`, `e164`, `max-bytes`, ...). */
  rule: string;
  /** What is wrong, for a person. Never include the value itself: it may be a phone number or a key. */
  message: string;
}

/**
 * A request the SDK refused to send. It is thrown before any byte leaves the machine, so it is
 * never worth retrying and never means a message was delivered.
 */
export class KaleyraValidationError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraValidationError');
  }

  /** The offending input, as the caller spelled it (`to`, `media.file_name`, ...). */
  readonly field: string;
  /** A stable name for the rule that failed (`required`, `e164`, `max-bytes`, ...). */
  readonly rule: string;
  /** The message without the field/rule prefix. */
  readonly detail: string;

  /** From one object with the field, the rule and a message for a person. */
  constructor(failure: ValidationFailure);
  /** From the field, the rule and the message as three arguments. */
  constructor(field: string, rule: string, message: string);
  /** Prefixes the message with the field and rule; the bare text is kept in `detail`. */
  constructor(fieldOrFailure: string | ValidationFailure, rule?: string, message?: string) {
    const failure: ValidationFailure =
      typeof fieldOrFailure === 'string'
        ? { field: fieldOrFailure, rule: rule ?? 'invalid', message: message ?? 'is invalid' }
        : fieldOrFailure;
    super(`Invalid ${failure.field} (${failure.rule}): ${failure.message}`);
    this.field = failure.field;
    this.rule = failure.rule;
    this.detail = failure.message;
  }

  /** Same as KaleyraError.toJSON, plus `field`, `rule` and `detail`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, rule: this.rule, detail: this.detail };
  }
}
