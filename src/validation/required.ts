import { KaleyraValidationError } from '../errors/validation-error.js';

/** A value the API cannot do without: a string with something in it besides white space. */
export function assertRequiredText(
  field: string,
  value: unknown,
  what = 'a non-empty string',
): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KaleyraValidationError({ field, rule: 'required', message: `must be ${what}` });
  }
}

/**
 * The longest numeric id accepted. Meta's WABA, flow and template ids are 15 to 17 digits today;
 * 25 leaves room to grow while refusing a pasted blob before it goes into a URL path.
 */
export const MAX_ID_DIGITS = 25;
/** The longest free-form id (a callback profile id) accepted. */
export const MAX_ID_CHARACTERS = 64;

/** Kaleyra's and Meta's numeric ids (WABA, flow, template): 1 to MAX_ID_DIGITS digits, as they go into a URL path. */
export function assertDigitsId(field: string, value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value)) {
    throw new KaleyraValidationError({ field, rule: 'digits', message: `must be ${what} (digits)` });
  }
  if (value.length > MAX_ID_DIGITS) {
    throw new KaleyraValidationError({
      field,
      rule: 'max-length',
      message: `must be ${what}: at most ${MAX_ID_DIGITS} digits`,
    });
  }
}

/** A free-form id (a callback profile id): 1 to MAX_ID_CHARACTERS visible characters. */
export function assertTextId(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value) || value.length > MAX_ID_CHARACTERS) {
    throw new KaleyraValidationError({
      field,
      rule: 'id',
      message: `must be an id of 1 to ${MAX_ID_CHARACTERS} visible ASCII characters`,
    });
  }
}

/** The WhatsApp Business Account id. */
export function assertWabaId(value: unknown): asserts value is string {
  assertDigitsId('wabaId', value, 'the WhatsApp Business Account id');
}
