import { describe, expect, it } from 'vitest';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import type { UploadFile } from '../../src/files/upload-file.js';
import {
  MB,
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  mediaUploadRules,
  RESUMABLE_UPLOAD_RULES,
  RESUMABLE_UPLOAD_TYPES,
  validateUploadFile,
  type MediaKind,
} from '../../src/validation/index.js';

function fakeFile(name: string, type: string, size: number | undefined): UploadFile {
  return { name, type, size, replayable: true, stream: () => new ReadableStream() };
}

function ruleBroken(file: UploadFile, rules: Parameters<typeof validateUploadFile>[1]): string | undefined {
  try {
    validateUploadFile(file, rules);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(KaleyraValidationError);
    return (error as KaleyraValidationError).rule;
  }
}

describe('resumable upload rules', () => {
  it('lists exactly the types on the resumable upload page', () => {
    expect([...RESUMABLE_UPLOAD_TYPES].sort()).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/jpg',
      'image/png',
      'video/mp4',
    ]);
  });

  it.each<[string, UploadFile, string | undefined]>([
    ['a valid pdf', fakeFile('invoice.pdf', 'application/pdf', 2 * MB), undefined],
    ['image/jpg', fakeFile('a.jpg', 'image/jpg', 1000), undefined],
    ['exactly 100 MB', fakeFile('a.mp4', 'video/mp4', 100 * MB), undefined],
    ['a stream of unknown size', fakeFile('a.mp4', 'video/mp4', undefined), undefined],
    ['a space in the name', fakeFile('my file.pdf', 'application/pdf', 10), 'file-name'],
    ['an @ in the name', fakeFile('a@b.pdf', 'application/pdf', 10), 'file-name'],
    ['a webp', fakeFile('a.webp', 'image/webp', 10), 'allowed-type'],
    [
      'a document type other than pdf',
      fakeFile('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 10),
      'allowed-type',
    ],
    ['100 MB + 1 byte', fakeFile('a.mp4', 'video/mp4', 100 * MB + 1), 'max-bytes'],
  ])('%s', (_label, file, rule) => {
    expect(ruleBroken(file, RESUMABLE_UPLOAD_RULES)).toBe(rule);
  });

  it('checks the name first, so one error points at the cheapest fix', () => {
    expect(
      ruleBroken(fakeFile('bad name.exe', 'application/x-msdownload', 10 ** 10), RESUMABLE_UPLOAD_RULES),
    ).toBe('file-name');
  });

  it('reports the field it was given', () => {
    try {
      validateUploadFile(fakeFile('a.gif', 'image/gif', 1), { ...RESUMABLE_UPLOAD_RULES, field: 'media' });
    } catch (error) {
      expect((error as KaleyraValidationError).field).toBe('media');
    }
    expect.assertions(1);
  });
});

describe('v2 media rules by kind', () => {
  it.each<[MediaKind, string, number]>([
    ['image', 'image/jpeg', 5 * MB],
    ['image', 'image/png', 5 * MB],
    ['video', 'video/mp4', 16 * MB],
    ['video', 'video/3gpp', 16 * MB],
    ['audio', 'audio/aac', 16 * MB],
    ['audio', 'audio/amr', 16 * MB],
    ['audio', 'audio/mpeg', 16 * MB],
    ['audio', 'audio/mp4', 16 * MB],
    ['audio', 'audio/ogg', 16 * MB],
    ['document', 'text/plain', 100 * MB],
    ['document', 'application/vnd.ms-excel', 100 * MB],
    ['document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 100 * MB],
    ['document', 'application/msword', 100 * MB],
    ['document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 100 * MB],
    ['document', 'application/vnd.ms-powerpoint', 100 * MB],
    ['document', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 100 * MB],
    ['document', 'application/pdf', 100 * MB],
    ['sticker', 'image/webp', 500_000],
  ])('%s accepts %s up to its limit and not one byte more', (kind, type, limit) => {
    const rules = mediaUploadRules(kind);
    expect(MEDIA_MAX_BYTES[kind]).toBe(limit);
    expect(ruleBroken(fakeFile('x', type, limit), rules)).toBeUndefined();
    expect(ruleBroken(fakeFile('x', type, limit + 1), rules)).toBe('max-bytes');
  });

  it.each<[MediaKind, string]>([
    ['image', 'image/webp'],
    ['image', 'image/gif'],
    ['video', 'video/quicktime'],
    ['audio', 'audio/wav'],
    ['document', 'application/zip'],
    // The document page's "application/nd.openxml…" is a typo; it is not accepted.
    ['document', 'application/nd.openxmlformats-officedocument.wordprocessingml.document'],
    ['sticker', 'image/png'],
  ])('%s rejects %s', (kind, type) => {
    expect(ruleBroken(fakeFile('x', type, 1), mediaUploadRules(kind))).toBe('allowed-type');
  });

  it('does not apply the resumable file-name rule to v2 media', () => {
    expect(ruleBroken(fakeFile('my photo.jpg', 'image/jpeg', 1), mediaUploadRules('image'))).toBeUndefined();
  });

  it('has exactly eight document types', () => {
    expect(MEDIA_TYPES.document).toHaveLength(8);
  });
});
