import { KaleyraValidationError } from '../errors/validation-error.js';

/**
 * One "MB" in the API's limits, taken as 10^6 bytes. The pages never say whether they mean
 * 10^6 or 2^20; the decimal reading is the stricter of the two, so a file we accept is never
 * rejected by the server for size (100 MB = 100,000,000 bytes, not 104,857,600).
 */
export const MB = 1_000_000;
export const KB = 1_000;

/** An unknown size (a stream) passes: the limit cannot be checked before sending. */
export function assertFileSize(field: string, size: number | undefined, max: number): void {
  if (size === undefined) return;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new KaleyraValidationError({
      field,
      rule: 'size',
      message: `size must be a non-negative integer (got ${size})`,
    });
  }
  if (size === 0) {
    throw new KaleyraValidationError({ field, rule: 'empty', message: 'is empty (0 bytes)' });
  }
  if (size > max) {
    throw new KaleyraValidationError({
      field,
      rule: 'max-bytes',
      message: `is ${size} bytes; the limit is ${max} bytes (${formatLimit(max)})`,
    });
  }
}

function formatLimit(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}
