import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * A small file the fake and `kaleyra-wa mock` serve for incoming media events, so a test can
 * download what its event points at. Each is a well-formed file of its type, built here from the
 * format's specification rather than shipped as a binary.
 */
export interface SampleMedia {
  /** The file name in the URL (`/media/<fileName>`), and a document's `filename`. */
  fileName: string;
  /** What the event's `mime_type` says. */
  mimeType: string;
  /** Base64 of the SHA-256 of the bytes, as Meta gives `sha256`. */
  sha256: string;
  /** The file itself, as served. */
  bytes: Uint8Array<ArrayBuffer>;
}

/** Where the fake and the mock serve the samples, below their own base URL. */
export const SAMPLE_MEDIA_PATH = '/media/';

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

function crcTable(polynomial: number, reflected: boolean): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = reflected ? n : n << 24;
    for (let k = 0; k < 8; k++)
      c = reflected
        ? c & 1
          ? polynomial ^ (c >>> 1)
          : c >>> 1
        : c & 0x80000000
          ? (c << 1) ^ polynomial
          : c << 1;
    table[n] = c >>> 0;
  }
  return table;
}

// PNG's CRC-32 (reflected, as zlib's) and Ogg's (the same polynomial, not reflected, no final xor).
const PNG_CRC = crcTable(0xedb88320, true);
const OGG_CRC = crcTable(0x04c11db7, false);

function pngCrc(bytes: readonly number[]): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = PNG_CRC[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function oggCrc(bytes: readonly number[]): number {
  let c = 0;
  for (const byte of bytes) c = (OGG_CRC[((c >>> 24) ^ byte) & 0xff]! ^ (c << 8)) >>> 0;
  return c;
}

/** A 2×2 opaque PNG in WhatsApp green: signature, IHDR, one zlib IDAT, IEND. */
function png(): number[] {
  const chunk = (type: string, data: readonly number[]) => {
    const body = [...ascii(type), ...data];
    return [...u32be(data.length), ...body, ...u32be(pngCrc(body))];
  };
  const row = [0, 0x25, 0xd3, 0x66, 0x25, 0xd3, 0x66]; // filter 0, two RGB pixels
  return [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [...u32be(2), ...u32be(2), 8, 2, 0, 0, 0]),
    ...chunk('IDAT', [...deflateSync(Uint8Array.from([...row, ...row]))]),
    ...chunk('IEND', []),
  ];
}

/** A one-page PDF 1.4 saying "kaleyra-wa sample", its cross-reference offsets computed. */
function pdf(): number[] {
  const content = 'BT /F1 18 Tf 40 100 Td (kaleyra-wa sample) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return ascii(text);
}

/**
 * An Ogg Opus voice note of one 20 ms silent frame (RFC 7845): the OpusHead page, the OpusTags page,
 * one audio page ending the stream, each with its CRC.
 */
function oggOpus(): number[] {
  const serial = 0x4b574131;
  const page = (flags: number, granule: number, sequence: number, packet: readonly number[]) => {
    const header = [
      ...ascii('OggS'),
      0,
      flags,
      ...u32le(granule),
      ...u32le(0),
      ...u32le(serial),
      ...u32le(sequence),
      0,
      0,
      0,
      0,
      1,
      packet.length,
    ];
    const bytes = [...header, ...packet];
    bytes.splice(22, 4, ...u32le(oggCrc(bytes)));
    return bytes;
  };
  const head = [...ascii('OpusHead'), 1, 1, ...[0, 0], ...u32le(48_000), 0, 0, 0];
  const vendor = ascii('kaleyra-wa');
  const tags = [...ascii('OpusTags'), ...u32le(vendor.length), ...vendor, ...u32le(0)];
  // TOC 0xf8: CELT full band, 20 ms, mono, one frame; 0xff 0xfe codes silence.
  const silence = [0xf8, 0xff, 0xfe];
  return [...page(0x02, 0, 0, head), ...page(0, 0, 1, tags), ...page(0x04, 960, 2, silence)];
}

/** An MP4 (ISO BMFF) of an `ftyp` and a `moov` with its movie header: a valid file with no tracks. */
function mp4(): number[] {
  const box = (type: string, data: readonly number[]) => [...u32be(8 + data.length), ...ascii(type), ...data];
  const matrix = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].flatMap(u32be);
  const mvhd = [
    ...u32be(0), // version 0, flags
    ...u32be(0),
    ...u32be(0), // creation, modification time
    ...u32be(1000), // timescale
    ...u32be(0), // duration
    ...u32be(0x10000), // rate 1.0
    0x01,
    0x00, // volume 1.0
    ...Array(10).fill(0),
    ...matrix,
    ...Array(24).fill(0),
    ...u32be(1), // next track id
  ];
  return [
    ...box('ftyp', [...ascii('isom'), ...u32be(0x200), ...ascii('isomiso2mp41')]),
    ...box('moov', box('mvhd', mvhd)),
  ];
}

/** A 1×1 lossless WebP (the sticker). */
const WEBP = 'UklGRh4AAABXRUJQVlA4TBEAAAAvAAAAAAfQ//73v/+BiOh/AAA=';

function sample(fileName: string, mimeType: string, bytes: readonly number[]): SampleMedia {
  const data = Uint8Array.from(bytes);
  return { fileName, mimeType, sha256: createHash('sha256').update(data).digest('base64'), bytes: data };
}

/** The sample served for each incoming media type. */
export const SAMPLE_MEDIA = {
  image: sample('sample-image.png', 'image/png', png()),
  document: sample('sample-document.pdf', 'application/pdf', pdf()),
  audio: sample('sample-voice.ogg', 'audio/ogg; codecs=opus', oggOpus()),
  video: sample('sample-video.mp4', 'video/mp4', mp4()),
  sticker: sample('sample-sticker.webp', 'image/webp', [...Buffer.from(WEBP, 'base64')]),
} as const satisfies Record<string, SampleMedia>;

/** The sample named `fileName` (the last segment of its URL), or undefined. */
export function sampleMediaNamed(fileName: string): SampleMedia | undefined {
  return Object.values(SAMPLE_MEDIA).find((media) => media.fileName === fileName);
}

/**
 * Answers a GET or HEAD for `/media/<file>` with the sample's bytes; false when `pathname` is not
 * a sample's, so the caller goes on as before.
 */
export function serveSampleMedia(
  method: string,
  pathname: string,
  respond: (status: number, headers: Record<string, string>, body?: Uint8Array) => void,
): boolean {
  if (!pathname.startsWith(SAMPLE_MEDIA_PATH) || (method !== 'GET' && method !== 'HEAD')) return false;
  const media = sampleMediaNamed(pathname.slice(SAMPLE_MEDIA_PATH.length));
  if (!media) return false;
  respond(
    200,
    {
      'content-type': media.mimeType,
      'content-length': String(media.bytes.length),
      'cache-control': 'no-store',
    },
    method === 'HEAD' ? undefined : media.bytes,
  );
  return true;
}
