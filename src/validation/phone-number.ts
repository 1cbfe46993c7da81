import { KaleyraValidationError } from '../errors/validation-error.js';

// E.164 allows at most 15 digits and no leading zero in the country code. 7 is the shortest
// complete number in use (a few small countries). Separators are refused rather than stripped:
// silently rewriting a recipient could message the wrong person.
const E164 = /^\+?[1-9][0-9]{6,14}$/;

// Messages describe the shape that failed, never the number itself: errors end up in logs.
const SHAPE = 'must be an E.164 number: optional +, 7–15 digits, first digit not 0, no spaces or dashes';

/** Throws a KaleyraValidationError (rule `e164`) unless the value is an E.164 number without spaces or dashes. */
export function assertPhoneNumber(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !E164.test(value)) {
    throw new KaleyraValidationError({ field, rule: 'e164', message: `${SHAPE} (got ${describe(value)})` });
  }
}

/** v1 `to` accepts several recipients separated by commas; each one must be a valid number. */
export function assertPhoneNumberList(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new KaleyraValidationError({
      field,
      rule: 'e164',
      message: `must be one or more E.164 numbers separated by commas (got ${describe(value)})`,
    });
  }
  value.split(',').forEach((entry, index) => {
    if (!E164.test(entry)) {
      throw new KaleyraValidationError({
        field,
        rule: 'e164',
        message: `entry ${index + 1} ${SHAPE}; separate numbers with "," alone (got ${describe(entry)})`,
      });
    }
  });
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  if (value === '') return 'an empty string';
  const digits = value.replace(/\D/g, '').length;
  return `${value.length} characters, ${digits} digits`;
}
