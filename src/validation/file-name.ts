import { KaleyraValidationError } from '../errors/validation-error.js';
import { escapeQuoted } from '../files/multipart-body.js';

export const MAX_FILE_NAME_CHARACTERS = 255;

// The resumable-upload page forbids these. One copy of that page omits the space; we forbid
// it anyway, since the stricter rule is the one that never earns a WA400.
const FORBIDDEN = /[\\/<@% ]/;

/** Any upload's file name: no control characters (they would be rewritten or forge a part header). */
export function assertNoControlCharacters(field: string, name: string): void {
  // eslint-disable-next-line no-control-regex -- the pattern exists to find control characters
  const at = name.search(/[\u0000-\u001f\u007f]/);
  if (at !== -1) {
    throw new KaleyraValidationError({
      field,
      rule: 'file-name',
      message: `contains a control character at position ${at + 1}`,
    });
  }
}

/**
 * The resumable-upload rule, checked on the name as it will be sent: the multipart encoder writes
 * a quote as `%22`, and the `%` that results is one of the forbidden characters.
 */
export function assertFileName(field: string, given: unknown): asserts given is string {
  if (typeof given !== 'string' || given.length === 0) {
    throw new KaleyraValidationError({ field, rule: 'file-name', message: 'must be a non-empty string' });
  }
  assertNoControlCharacters(field, given);
  const name = escapeQuoted(given);
  // The server's error text says "characters"; code points match a Python-style len().
  const length = [...name].length;
  if (length > MAX_FILE_NAME_CHARACTERS) {
    throw new KaleyraValidationError({
      field,
      rule: 'file-name',
      message: `is ${length} characters long; the limit is ${MAX_FILE_NAME_CHARACTERS}, extension included`,
    });
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    const shown = bad[0] === ' ' ? 'a space' : `"${bad[0]}"`;
    // The name itself stays out of the message: names like "passport_jane_doe.pdf" are personal.
    throw new KaleyraValidationError({
      field,
      rule: 'file-name',
      message: `contains ${shown} at position ${bad.index + 1}; \\ / < @ % and spaces are not allowed`,
    });
  }
}
