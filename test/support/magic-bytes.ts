// Minimal but real file heads, built from the format specifications rather than copied
// fixtures, so a test shows exactly which bytes identify each format.

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** `head` followed by `fill` pseudo-random bytes, enough to look like a real file body. */
export function withBody(head: readonly number[], fill = 200): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(head.length + fill);
  out.set(head);
  for (let i = 0; i < fill; i++) out[head.length + i] = (i * 31 + 7) & 0xff;
  return out;
}

function ftyp(major: string, ...compatible: string[]): number[] {
  const size = 16 + 4 * compatible.length;
  return [0, 0, 0, size, ...ascii('ftyp'), ...ascii(major), 0, 0, 0, 0, ...compatible.flatMap(ascii)];
}

export const MAGIC = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR')],
  jpeg: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0],
  gif: [...ascii('GIF89a'), 1, 0, 1, 0],
  webp: [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 ')],
  pdf: ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
  mp4: ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'),
  m4a: ftyp('M4A ', 'M4A ', 'mp42', 'isom'),
  threeGp: ftyp('3gp4', 'isom', '3gp4'),
  // An Ogg page header with one segment, then the Opus identification header.
  oggOpus: [
    ...ascii('OggS'),
    0,
    2,
    ...Array(8).fill(0),
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    19,
    ...ascii('OpusHead'),
    1,
    2,
  ],
  mp3Id3: [...ascii('ID3'), 4, 0, 0, 0, 0, 0, 0],
  // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz.
  mp3Frame: [0xff, 0xfb, 0x90, 0x64],
  // ADTS, MPEG-4, no CRC.
  aac: [0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc],
  amr: ascii('#!AMR\n'),
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(8).fill(0)],
  zip: [
    0x50,
    0x4b,
    0x03,
    0x04,
    0x14,
    0,
    0x06,
    0,
    0x08,
    0,
    ...Array(16).fill(0),
    19,
    0,
    0,
    0,
    ...ascii('[Content_Types].xml'),
  ],
} as const satisfies Record<string, readonly number[]>;
