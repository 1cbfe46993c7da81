import { describe, expect, it } from 'vitest';
import {
  ERROR_CATALOGUE,
  lookupErrorCode,
  normalizeErrorCode,
  retryHintForStatus,
} from '../../src/errors/catalogue.js';
import { knownErrorCodes } from './spec-errors.js';

describe('error catalogue', () => {
  const known = knownErrorCodes();

  it('has one entry per documented code, keyed by normalized spelling', () => {
    const expected = [...new Set(known.map((k) => normalizeErrorCode(k.code)))].sort();
    expect(Object.keys(ERROR_CATALOGUE).sort()).toEqual(expected);
  });

  it.each(known)('$code resolves to the status the spec documents ($httpStatus)', ({ code, httpStatus }) => {
    expect(lookupErrorCode(code)?.httpStatus).toBe(httpStatus);
  });

  it('treats hyphenated, lower-case and padded spellings as the same code', () => {
    expect(normalizeErrorCode('WA-401')).toBe('WA401');
    expect(normalizeErrorCode(' wa-500 ')).toBe('WA500');
    expect(lookupErrorCode('WA-400')).toBe(ERROR_CATALOGUE.WA400);
  });

  it('says which failures time alone can fix and which need the caller', () => {
    expect(lookupErrorCode('WA429')?.retry).toBe('later');
    expect(lookupErrorCode('WA-500')?.retry).toBe('later');
    expect(lookupErrorCode('E110')?.retry).toBe('after-fix');
    expect(lookupErrorCode('RBC001')?.retry).toBe('after-fix');
    expect(lookupErrorCode('E419')?.retry).toBe('no');
    expect(lookupErrorCode('WA413')?.retry).toBe('no');
  });

  it('misses unknown codes (and prototype names) instead of inventing a meaning', () => {
    expect(lookupErrorCode('WA999')).toBeUndefined();
    expect(lookupErrorCode('constructor')).toBeUndefined();
    expect(lookupErrorCode('__proto__')).toBeUndefined();
    expect(lookupErrorCode(undefined)).toBeUndefined();
  });

  it('falls back to the status family for unknown codes', () => {
    expect(retryHintForStatus(503)).toBe('later');
    expect(retryHintForStatus(429)).toBe('later');
    expect(retryHintForStatus(403)).toBe('after-fix');
    expect(retryHintForStatus(404)).toBe('no');
  });
});
