import { describe, expect, it } from 'vitest';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import {
  assertAllowedType,
  assertCaption,
  assertFileName,
  assertFileSize,
  assertPhoneNumber,
  assertPhoneNumberList,
  MB,
} from '../../src/validation/index.js';

function failure(run: () => void): KaleyraValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KaleyraValidationError);
    return error as KaleyraValidationError;
  }
  throw new Error('expected a KaleyraValidationError, nothing was thrown');
}

describe('assertPhoneNumber', () => {
  it.each(['+919876543210', '+1234567', '+123456789012345', '+447911123456'])('accepts %s', (value) => {
    expect(() => assertPhoneNumber('to', value)).not.toThrow();
  });

  it.each([
    ['too short', '+123456'],
    ['too long', '+1234567890123456'],
    // Without the +, 9812345678 (an Indian mobile typed without 91) would be sent to +98 (Iran).
    ['no + (a local number)', '9812345678'],
    ['no + (country code given)', '919876543210'],
    ['leading zero', '+0919876543210'],
    ['spaces', '+91 98765 43210'],
    ['dashes', '+1-202-555-0100'],
    ['double plus', '++919876543210'],
    ['empty', ''],
    ['number type', 919876543210],
    ['undefined', undefined],
  ])('rejects %s', (_label, value) => {
    const error = failure(() => assertPhoneNumber('to', value));
    expect([error.field, error.rule]).toEqual(['to', 'e164']);
  });
});

describe('assertPhoneNumberList', () => {
  it.each(['+919876543210', '+919876543210,+14155550100', '+919876543210,+14155550100,+447911123456'])(
    'accepts %s',
    (value) => {
      expect(() => assertPhoneNumberList('to', value)).not.toThrow();
    },
  );

  it.each([
    ['trailing comma', '+919876543210,'],
    ['space after comma', '+919876543210, +14155550100'],
    ['semicolon separator', '+919876543210;+14155550100'],
    ['one bad entry', '+919876543210,0123'],
    ['an entry without +', '+919876543210,9812345678'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    const error = failure(() => assertPhoneNumberList('to', value));
    expect([error.field, error.rule]).toEqual(['to', 'e164']);
  });

  it('says which entry is wrong', () => {
    expect(failure(() => assertPhoneNumberList('to', '+919876543210,+14155550100,12')).message).toContain(
      'entry 3',
    );
  });
});

describe('assertCaption', () => {
  it.each([
    ['empty', ''],
    ['1024 ASCII', 'a'.repeat(1024)],
    // 1024 emoji are 2048 UTF-16 units; they count as 1024 characters.
    ['1024 astral emoji', '😀'.repeat(1024)],
  ])('accepts %s', (_label, value) => {
    expect(() => assertCaption('caption', value)).not.toThrow();
  });

  it.each([
    ['1025 ASCII', 'a'.repeat(1025)],
    ['1025 astral emoji', '😀'.repeat(1025)],
  ])('rejects %s', (_label, value) => {
    const error = failure(() => assertCaption('image.caption', value));
    expect([error.field, error.rule]).toEqual(['image.caption', 'max-length']);
    expect(error.message).toContain('1025');
  });

  it('rejects a non-string', () => {
    expect(failure(() => assertCaption('caption', 42)).rule).toBe('string');
  });
});

describe('assertFileName', () => {
  it.each([
    'a',
    'photo.jpg',
    'report_Q1-final.v2.pdf',
    'x'.repeat(255),
    'ünïcode.png',
    `${'é'.repeat(254)}x`,
  ])('accepts %s', (name) => {
    expect(() => assertFileName('file_name', name)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'x'.repeat(256)],
    ['backslash', 'a\\b.png'],
    ['slash', 'dir/b.png'],
    ['less-than', 'a<b.png'],
    ['at', 'me@home.png'],
    ['percent', '100%.png'],
    ['space', 'my photo.png'],
    ['not a string', undefined],
  ])('rejects %s', (_label, name) => {
    const error = failure(() => assertFileName('file_name', name));
    expect([error.field, error.rule]).toEqual(['file_name', 'file-name']);
  });
});

describe('assertFileSize', () => {
  it.each([
    ['1 byte', 1, 100 * MB],
    ['exactly 100 MB (decimal)', 100_000_000, 100 * MB],
    ['unknown size (stream)', undefined, 100 * MB],
  ])('accepts %s', (_label, size, max) => {
    expect(() => assertFileSize('file', size, max)).not.toThrow();
  });

  it.each([
    // 100 MiB is more than the stricter decimal 100 MB limit.
    ['100 MB + 1 byte', 100_000_001, 100 * MB, 'max-bytes'],
    ['100 MiB', 100 * 1024 * 1024, 100 * MB, 'max-bytes'],
    ['empty', 0, 100 * MB, 'empty'],
    ['negative', -1, 100 * MB, 'size'],
    ['fractional', 1.5, 100 * MB, 'size'],
  ])('rejects %s', (_label, size, max, rule) => {
    const error = failure(() => assertFileSize('file', size, max));
    expect([error.field, error.rule]).toEqual(['file', rule]);
  });
});

describe('assertAllowedType', () => {
  const allowed = ['image/jpeg', 'image/png'];

  it.each(['image/jpeg', 'image/png', 'image/jpg', 'IMAGE/PNG', 'image/jpeg; charset=binary'])(
    'accepts %s',
    (type) => {
      expect(() => assertAllowedType('file', type, allowed)).not.toThrow();
    },
  );

  it.each(['image/webp', 'image/gif', 'application/pdf', '', 'image/jpegx'])('rejects %j', (type) => {
    const error = failure(() => assertAllowedType('file', type, allowed));
    expect([error.field, error.rule]).toEqual(['file', 'allowed-type']);
    expect(error.message).toContain('image/jpeg, image/png');
  });
});

describe('error messages keep personal values out of logs', () => {
  it.each<[string, () => void, string]>([
    ['a phone number', () => assertPhoneNumber('to', '+91 98765 43210'), '98765'],
    ['a phone number list entry', () => assertPhoneNumberList('to', '+919876543210,+4479 1112'), '4479'],
    ['a file name', () => assertFileName('file_name', 'passport jane-doe.pdf'), 'jane'],
  ])('%s', (_label, run, secret) => {
    const error = failure(run);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});
