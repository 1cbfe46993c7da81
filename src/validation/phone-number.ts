import { KaleyraValidationError } from '../errors/validation-error.js';

// The SDK's one rule for a phone number, on every entry point (client `from`, v1 and v2 `to`, the
// CLI, broadcasts): E.164 written with its "+", then the country code and number, 7–15 digits in
// all, the first not 0. The "+" is required because without it a number typed without its country
// code (9812345678, an Indian mobile) is still a valid shape and would be sent to +98 (Iran). 7 is
// the shortest complete number in use (a few small countries). Separators are refused rather than
// stripped: silently rewriting a recipient could message the wrong person. Bulk input (broadcast
// jobs, CSV rows) is also checked against the numbering plan and may name a default country for
// local numbers: see broadcast/recipient.ts, which keeps libphonenumber-js out of this core.
const E164 = /^\+[1-9][0-9]{6,14}$/;

// Messages describe the shape that failed, never the number itself: errors end up in logs.
const SHAPE =
  'must start with + and the country code, e.g. +919812345678 (E.164: 7–15 digits, first digit not 0, no spaces or dashes; a number without its country code is refused)';

/** Throws a KaleyraValidationError (rule `e164`) unless the value is `+` and 7–15 digits, without spaces or dashes. */
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
      message: `must be one or more E.164 numbers (+ and the country code) separated by commas (got ${describe(value)})`,
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
  const plus = value.startsWith('+') ? '' : ', no +';
  return `${value.length} characters, ${digits} digits${plus}`;
}
