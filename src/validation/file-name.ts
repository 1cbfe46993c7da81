import { KaleyraValidationError } from '../errors/validation-error.js';

export const MAX_FILE_NAME_CHARACTERS = 255;

// The resumable-upload page forbids these. One copy of that page omits the space; we forbid
// it anyway, since the stricter rule is the one that never earns a WA400.
const FORBIDDEN = /[\\/<@% ]/;

export function assertFileName(field: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new KaleyraValidationError({ field, rule: 'file-name', message: 'must be a non-empty string' });
  }
  // The server's error text says "characters"; code points match a Python-style len().
  const length = [...name].length;
  if (length > MAX_FILE_NAME_CHARACTERS) {
    throw new KaleyraValidationError({ field, rule: 'file-name', message: `is ${length} characters long; the limit is ${MAX_FILE_NAME_CHARACTERS}, extension included` });
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    const shown = bad[0] === ' ' ? 'a space' : `"${bad[0]}"`;
    // The name itself stays out of the message: names like "passport_jane_doe.pdf" are personal.
    throw new KaleyraValidationError({ field, rule: 'file-name', message: `contains ${shown} at position ${bad.index + 1}; \\ / < @ % and spaces are not allowed` });
  }
}
