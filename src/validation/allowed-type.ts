import { KaleyraValidationError } from '../errors/validation-error.js';
import { canonicalMimeType } from '../files/canonical-mime-type.js';

/** Compares canonical forms, so image/jpg matches image/jpeg and parameters are ignored. */
export function assertAllowedType(field: string, type: string, allowed: readonly string[]): void {
  const wanted = canonicalMimeType(type);
  if (!allowed.some((candidate) => canonicalMimeType(candidate) === wanted)) {
    throw new KaleyraValidationError({
      field,
      rule: 'allowed-type',
      message: `type ${type || '(none)'} is not accepted here; allowed: ${allowed.join(', ')}`,
    });
  }
}
