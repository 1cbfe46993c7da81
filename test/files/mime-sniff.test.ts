import { describe, expect, it } from 'vitest';
import {
  isConsistentWithSignature,
  mimeFromFileName,
  sniffMimeType,
  sniffSignature,
} from '../../src/files/mime-sniff.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';

describe('sniffMimeType', () => {
  it.each([
    ['png', MAGIC.png, undefined, 'image/png'],
    ['jpeg', MAGIC.jpeg, undefined, 'image/jpeg'],
    ['gif', MAGIC.gif, undefined, 'image/gif'],
    ['webp', MAGIC.webp, undefined, 'image/webp'],
    ['pdf', MAGIC.pdf, undefined, 'application/pdf'],
    ['mp4 (isom brand)', MAGIC.mp4, undefined, 'video/mp4'],
    ['m4a (M4A brand)', MAGIC.m4a, undefined, 'audio/mp4'],
    ['isom brand named .m4a', MAGIC.mp4, 'voice.m4a', 'audio/mp4'],
    ['3gp', MAGIC.threeGp, undefined, 'video/3gpp'],
    ['ogg opus', MAGIC.oggOpus, undefined, 'audio/ogg'],
    ['mp3 with ID3', MAGIC.mp3Id3, undefined, 'audio/mpeg'],
    ['mp3 frame sync', MAGIC.mp3Frame, undefined, 'audio/mpeg'],
    ['aac adts', MAGIC.aac, undefined, 'audio/aac'],
    ['amr', MAGIC.amr, undefined, 'audio/amr'],
    ['ole named .doc', MAGIC.ole, 'a.doc', 'application/msword'],
    ['ole named .xls', MAGIC.ole, 'a.XLS', 'application/vnd.ms-excel'],
    ['ole named .ppt', MAGIC.ole, 'a.ppt', 'application/vnd.ms-powerpoint'],
    ['ole without a telling name', MAGIC.ole, 'a.bin', 'application/x-ole-storage'],
    [
      'zip named .docx',
      MAGIC.zip,
      'cv.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'zip named .xlsx',
      MAGIC.zip,
      'q.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'zip named .pptx',
      MAGIC.zip,
      'd.pptx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['zip with a misleading name', MAGIC.zip, 'photo.png', 'application/zip'],
  ] as const)('%s', (_label, head, name, expected) => {
    expect(sniffMimeType(withBody(head), name)).toBe(expected);
  });

  it.each([
    ['plain text', new TextEncoder().encode('hello, this is text')],
    ['empty', new Uint8Array(0)],
    ['truncated png signature', new Uint8Array([0x89, 0x50, 0x4e])],
    // 0xFF 0xFF 0xFF has reserved bitrate bits: random bytes, not an MP3 frame.
    ['frame-sync lookalike', new Uint8Array([0xff, 0xff, 0xff, 0xff])],
  ])('finds no signature in %s', (_label, bytes) => {
    expect(sniffMimeType(bytes)).toBeUndefined();
  });

  it('does not let the file name override an unambiguous signature', () => {
    expect(sniffMimeType(withBody(MAGIC.pdf), 'scan.png')).toBe('application/pdf');
  });
});

describe('isConsistentWithSignature', () => {
  it.each([
    ['image/jpg', MAGIC.jpeg, true],
    ['IMAGE/JPEG; q=1', MAGIC.jpeg, true],
    ['image/png', MAGIC.pdf, false],
    ['audio/mp4', MAGIC.mp4, true],
    ['video/mp4', MAGIC.m4a, true],
    ['application/vnd.ms-excel', MAGIC.ole, true],
    ['application/pdf', MAGIC.ole, false],
    ['audio/aac', MAGIC.mp3Id3, true],
    ['image/webp', MAGIC.png, false],
  ] as const)('declared %s', (declared, head, expected) => {
    expect(isConsistentWithSignature(declared, sniffSignature(withBody(head))!)).toBe(expected);
  });
});

describe('mimeFromFileName', () => {
  it.each([
    ['notes.txt', 'text/plain'],
    ['a.doc', 'application/msword'],
    ['a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.xls', 'application/vnd.ms-excel'],
    ['a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a.ppt', 'application/vnd.ms-powerpoint'],
    ['a.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['a.pdf', 'application/pdf'],
    ['A.JPG', 'image/jpeg'],
    ['a.jpeg', 'image/jpeg'],
    ['a.png', 'image/png'],
    ['a.webp', 'image/webp'],
    ['a.mp4', 'video/mp4'],
    ['a.3gp', 'video/3gpp'],
    ['a.aac', 'audio/aac'],
    ['a.amr', 'audio/amr'],
    ['a.mp3', 'audio/mpeg'],
    ['a.m4a', 'audio/mp4'],
    ['a.ogg', 'audio/ogg'],
    ['dir.v2/archive.tar.pdf', 'application/pdf'],
  ])('%s → %s', (name, expected) => {
    expect(mimeFromFileName(name)).toBe(expected);
  });

  it.each(['README', '.png', 'dir.png/file', 'a.unknown', 'C:\\x.pdf\\file'])(
    'has no type for %s',
    (name) => {
      expect(mimeFromFileName(name)).toBeUndefined();
    },
  );
});
