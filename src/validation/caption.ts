import { KaleyraValidationError } from '../errors/validation-error.js';
import { SPEC_LIMITS } from '../../generated/spec-limits.js';

/** Kaleyra's image and video pages: "Maximum 1024 characters" (see scripts/spec-limits.mjs). */
export const MAX_CAPTION_CHARACTERS = SPEC_LIMITS.captionMaxCharacters;

/**
 * Counts Unicode code points. JavaScript's `length` counts UTF-16 units, which would reject
 * emoji-rich captions at half their real length; graphemes would accept strings a server
 * counting code points refuses. Code points are what "characters" means to most servers.
 */
export function captionLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** Throws a KaleyraValidationError unless the value is a string of at most `max` code points (1024 by default). */
export function assertCaption(
  field: string,
  value: unknown,
  max: number = MAX_CAPTION_CHARACTERS,
): asserts value is string {
  if (typeof value !== 'string') {
    throw new KaleyraValidationError({
      field,
      rule: 'string',
      message: `must be a string (got ${typeof value})`,
    });
  }
  const length = captionLength(value);
  if (length > max) {
    throw new KaleyraValidationError({
      field,
      rule: 'max-length',
      message: `is ${length} characters long; the limit is ${max}`,
    });
  }
}
