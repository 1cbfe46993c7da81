// A deliberately strict multipart/form-data reader for tests. Real servers are lenient about
// preambles, missing CRLFs and sloppy headers; this one is not, so any framing mistake in the
// SDK's body shows up as a failed test instead of a server that happened to cope.

export interface RecordedPart {
  /** The name exactly as it appears between the quotes on the wire (no %22 decoding). */
  name: string;
  filename?: string;
  contentType?: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  bytes: Uint8Array;
  text: string;
}

export class MultipartParseError extends Error {
  override name = 'MultipartParseError';
}

const CRLF = new Uint8Array([13, 10]);
const ascii = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function boundaryFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Uint8Array, boundary: string): RecordedPart[] {
  // RFC 2046 §5.1.1: 1–70 characters from a restricted set, not ending in a space.
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(boundary) || boundary.endsWith(' ')) {
    throw new MultipartParseError(`invalid boundary ${JSON.stringify(boundary)}`);
  }
  const dashBoundary = ascii.encode(`--${boundary}`);
  const delimiter = ascii.encode(`\r\n--${boundary}`);

  // Our encoder never writes a preamble, so one here means the framing is off.
  if (!startsWith(body, dashBoundary, 0)) {
    throw new MultipartParseError('body does not start with --boundary');
  }
  let pos = dashBoundary.length;
  const parts: RecordedPart[] = [];

  for (;;) {
    if (startsWith(body, ascii.encode('--'), pos)) {
      pos += 2;
      const rest = body.length - pos;
      if (rest === 0 || (rest === 2 && startsWith(body, CRLF, pos))) {
        if (parts.length === 0) throw new MultipartParseError('no parts before the close delimiter');
        return parts;
      }
      throw new MultipartParseError(`${rest} unexpected bytes after the close delimiter`);
    }
    if (!startsWith(body, CRLF, pos)) {
      throw new MultipartParseError(`expected CRLF after boundary at byte ${pos}`);
    }
    pos += 2;

    const headerEnd = indexOf(body, ascii.encode('\r\n\r\n'), pos);
    if (headerEnd < 0) throw new MultipartParseError(`unterminated part headers at byte ${pos}`);
    const headers = parseHeaders(utf8.decode(body.subarray(pos, headerEnd)));
    pos = headerEnd + 4;

    const end = indexOf(body, delimiter, pos);
    if (end < 0) throw new MultipartParseError('part is not followed by a delimiter');
    const bytes = body.slice(pos, end);
    pos = end + delimiter.length;

    const disposition = headers['content-disposition'];
    if (disposition === undefined) throw new MultipartParseError('part without Content-Disposition');
    const { name, filename } = parseDisposition(disposition);
    const part: RecordedPart = { name, headers, bytes, text: utf8.decode(bytes) };
    if (filename !== undefined) part.filename = filename;
    if (headers['content-type'] !== undefined) part.contentType = headers['content-type'];
    parts.push(part);
  }
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    // A bare CR or LF inside a header line means a value was not escaped.
    if (colon <= 0 || /[\r\n]/.test(line)) {
      throw new MultipartParseError(`malformed part header line ${JSON.stringify(line)}`);
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    if (key in headers) throw new MultipartParseError(`duplicate part header ${key}`);
    headers[key] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseDisposition(value: string): { name: string; filename?: string } {
  const match = /^form-data((?:;\s*[a-z*]+="[^"]*")*)$/i.exec(value);
  if (!match) throw new MultipartParseError(`malformed Content-Disposition ${JSON.stringify(value)}`);
  const params: Record<string, string> = {};
  for (const param of (match[1] ?? '').matchAll(/;\s*([a-z*]+)="([^"]*)"/gi)) {
    const key = param[1]!.toLowerCase();
    if (key in params) throw new MultipartParseError(`duplicate ${key} parameter`);
    params[key] = param[2]!;
  }
  if (params.name === undefined) throw new MultipartParseError('Content-Disposition without name');
  return params.filename === undefined
    ? { name: params.name }
    : { name: params.name, filename: params.filename };
}

function startsWith(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first!, from); i !== -1 && i <= last; i = haystack.indexOf(first!, i + 1)) {
    if (startsWith(haystack, needle, i)) return i;
  }
  return -1;
}
