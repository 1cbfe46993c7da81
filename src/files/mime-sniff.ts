import { canonicalMimeType } from './canonical-mime-type.js';

/** Every signature below fits in this many leading bytes (the ftyp box is the longest need). */
export const SNIFF_BYTES = 64;

export interface SniffResult {
  /** Best type for the bytes, refined by the file extension where the bytes are ambiguous. */
  type: string;
  /**
   * Canonical declared types that do not contradict the bytes. One container carries several
   * formats (an ISO-BMFF file may be video/mp4 or audio/mp4; an OLE file may be doc, xls or
   * ppt), so a declared type is only a mismatch when it falls outside this family.
   */
  consistentWith: readonly string[];
}

const MS_OLE = [
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-ole-storage',
];
const OOXML_DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const OOXML_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OOXML_PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ZIP_FAMILY = ['application/zip', 'application/x-zip-compressed', OOXML_DOCX, OOXML_XLSX, OOXML_PPTX];
const ISO_BMFF = [
  'video/mp4',
  'audio/mp4',
  'video/3gpp',
  'audio/3gpp',
  'video/3gpp2',
  'audio/3gpp2',
  'video/quicktime',
];
const OGG_FAMILY = ['audio/ogg', 'video/ogg', 'application/ogg', 'audio/opus'];
// An ID3 tag only says "tagged audio follows"; tagged AAC files exist as well as MP3.
const ID3_FAMILY = ['audio/mpeg', 'audio/aac'];

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: OOXML_DOCX,
  xls: 'application/vnd.ms-excel',
  xlsx: OOXML_XLSX,
  ppt: 'application/vnd.ms-powerpoint',
  pptx: OOXML_PPTX,
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  zip: 'application/zip',
};

/** Type implied by the extension of `name`, or undefined when the extension is unknown. */
export function mimeFromFileName(name: string): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return EXTENSION_TYPES[base.slice(dot + 1).toLowerCase()];
}

/** Type from the leading bytes alone (extension used only to split ambiguous containers). */
export function sniffMimeType(head: Uint8Array, fileName?: string): string | undefined {
  return sniffSignature(head, fileName)?.type;
}

/** Recognises the file type from its leading bytes, with the family of declared types that agree; undefined when unknown. */
export function sniffSignature(head: Uint8Array, fileName?: string): SniffResult | undefined {
  const byExtension = fileName === undefined ? undefined : mimeFromFileName(fileName);
  const within = (family: readonly string[]) =>
    byExtension !== undefined && family.includes(byExtension) ? byExtension : undefined;

  if (bytesAt(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return only('image/png');
  if (bytesAt(head, 0, [0xff, 0xd8, 0xff])) return only('image/jpeg');
  if (asciiAt(head, 0, 'GIF87a') || asciiAt(head, 0, 'GIF89a')) return only('image/gif');
  if (asciiAt(head, 0, 'RIFF')) {
    if (asciiAt(head, 8, 'WEBP')) return only('image/webp');
    if (asciiAt(head, 8, 'WAVE')) return only('audio/wav');
    if (asciiAt(head, 8, 'AVI ')) return only('video/x-msvideo');
  }
  if (asciiAt(head, 0, '%PDF-')) return only('application/pdf');
  if (asciiAt(head, 4, 'ftyp')) return sniffIsoBmff(head, within(ISO_BMFF));
  if (asciiAt(head, 0, 'OggS')) {
    // The first page's first packet names the codec; opus and vorbis are both audio.
    const type = findAscii(head, '\x80theora') >= 0 ? 'video/ogg' : 'audio/ogg';
    return { type, consistentWith: OGG_FAMILY };
  }
  if (asciiAt(head, 0, '#!AMR-WB\n')) return only('audio/amr-wb');
  if (asciiAt(head, 0, '#!AMR\n')) return only('audio/amr');
  if (asciiAt(head, 0, 'ID3'))
    return { type: within(ID3_FAMILY) ?? 'audio/mpeg', consistentWith: ID3_FAMILY };
  if (isAdtsHeader(head)) return only('audio/aac');
  if (isMpegAudioFrame(head)) return only('audio/mpeg');
  if (bytesAt(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { type: within(MS_OLE) ?? 'application/x-ole-storage', consistentWith: MS_OLE };
  }
  if (bytesAt(head, 0, [0x50, 0x4b, 0x03, 0x04])) {
    return { type: within(ZIP_FAMILY) ?? 'application/zip', consistentWith: ZIP_FAMILY };
  }
  return undefined;
}

/** True when `declared` does not contradict the signature found in the bytes. */
export function isConsistentWithSignature(declared: string, signature: SniffResult): boolean {
  return signature.consistentWith.includes(canonicalMimeType(declared));
}

function only(type: string): SniffResult {
  return { type, consistentWith: [type] };
}

function sniffIsoBmff(head: Uint8Array, byExtension: string | undefined): SniffResult {
  const boxSize = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const brands = [ascii(head, 8, 4)];
  // Compatible brands follow the minor version; they matter when the major brand is generic.
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, 4));

  const major = brands[0]!;
  let type: string;
  if (major.startsWith('3g2')) type = 'video/3gpp2';
  else if (major.startsWith('3g')) type = 'video/3gpp';
  else if (major === 'M4A ' || major === 'M4B ' || major === 'M4P ') type = 'audio/mp4';
  else if (major === 'qt  ') type = 'video/quicktime';
  else if (brands.includes('M4A ')) type = 'audio/mp4';
  else type = 'video/mp4';
  // The same brands are used for sound-only and picture files; only the name can tell them apart.
  if (byExtension !== undefined && byExtension.split('/')[1] === type.split('/')[1]) type = byExtension;
  return { type, consistentWith: ISO_BMFF };
}

function isAdtsHeader(head: Uint8Array): boolean {
  // 12-bit sync word, then layer bits that are always 00 for AAC.
  return head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0;
}

function isMpegAudioFrame(head: Uint8Array): boolean {
  if (head.length < 3 || head[0] !== 0xff || (head[1]! & 0xe0) !== 0xe0) return false;
  const version = (head[1]! >> 3) & 0b11;
  const layer = (head[1]! >> 1) & 0b11;
  const bitrate = head[2]! >> 4;
  const sampleRate = (head[2]! >> 2) & 0b11;
  // Reserved values would make a random 0xFFEx prefix look like audio.
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

function bytesAt(head: Uint8Array, at: number, expected: readonly number[]): boolean {
  if (at + expected.length > head.length) return false;
  return expected.every((byte, i) => head[at + i] === byte);
}

function asciiAt(head: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > head.length) return false;
  for (let i = 0; i < text.length; i++) if (head[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function ascii(head: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...head.subarray(at, at + length));
}

function findAscii(head: Uint8Array, text: string): number {
  for (let i = 0; i + text.length <= head.length; i++) if (asciiAt(head, i, text)) return i;
  return -1;
}
