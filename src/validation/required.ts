import { KaleyraValidationError } from '../errors/validation-error.js';

/** A value the API cannot do without: a string with something in it besides white space. */
export function assertRequiredText(field: string, value: unknown, what = 'a non-empty string'): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KaleyraValidationError({ field, rule: 'required', message: `must be ${what}` });
  }
}

/** Kaleyra's and Meta's numeric ids (WABA, flow): digits only, as they go into a URL path. */
export function assertDigitsId(field: string, value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value)) {
    throw new KaleyraValidationError({ field, rule: 'digits', message: `must be ${what} (digits)` });
  }
}

export function assertWabaId(value: unknown): asserts value is string {
  assertDigitsId('wabaId', value, 'the WhatsApp Business Account id');
}
