export interface ScannedPart {
  name: string;
  filename?: string;
  contentType?: string;
  /** Text of a field part; undefined for file parts, whose bytes are counted, not kept. */
  value?: string;
  bytes: number;
}

export interface ScanLimits {
  /** The largest text value kept in memory (default: no limit). */
  valueBytes?: number;
}

/**
 * A body that cannot be read as well-formed parts (`tooLarge`: a text value over the limit). The
 * message says where it breaks, in words a caller can put in an answer.
 */
export class MultipartScanError extends Error {
  override name = 'MultipartScanError';
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** RFC 5322 lines are short; a part's headers longer than this are not headers. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Lists the parts of a multipart body as it streams past, keeping field values but only counting
 * file bytes, so a dry run of a 100 MB upload does not hold the file in memory. A body that is not
 * well-formed (no part opens with the boundary, a boundary line with more after it, a part without
 * Content-Disposition or name, a text value that is not UTF-8, no closing boundary) throws
 * MultipartScanError, but only after the whole body is read: a server answering it early would
 * close a socket the client is still writing to, and the client would lose the answer.
 */
export async function scanMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  limits: ScanLimits = {},
): Promise<ScannedPart[]> {
  const delimiter = `\r\n--${boundary}`;
  const parts: ScannedPart[] = [];
  // latin1 maps bytes to characters one to one, so string searches are byte searches.
  const decoder = new TextDecoder('latin1');
  let buffer = '\r\n';
  type State = 'preamble' | 'boundary-line' | 'headers' | 'value' | 'file' | 'done';
  // Widened on purpose: step() changes it, which TypeScript's narrowing cannot see.
  let state = 'preamble' as State;
  let current: ScannedPart | undefined;
  let problem: MultipartScanError | undefined;

  const step = (): boolean => {
    if (state === 'preamble') {
      const at = buffer.indexOf(delimiter);
      if (at < 0) {
        // Keep only what could be the start of the delimiter.
        buffer = buffer.slice(Math.max(0, buffer.length - delimiter.length));
        return false;
      }
      buffer = buffer.slice(at + delimiter.length);
      state = 'boundary-line';
      return true;
    }
    if (state === 'boundary-line') {
      // After a boundary: `--` closes the body, otherwise only padding may come before the line ends.
      if (buffer.startsWith('--')) {
        state = 'done';
        return false;
      }
      const end = buffer.indexOf('\r\n');
      if (end < 0) {
        if (buffer.length > MAX_HEADER_BYTES)
          problem = new MultipartScanError('a boundary line goes on past the boundary');
        return false;
      }
      if (!/^[ \t]*$/.test(buffer.slice(0, end))) {
        problem = new MultipartScanError(
          `a boundary line goes on past the boundary "${boundary}" (is it the one the body uses?)`,
        );
        return false;
      }
      buffer = buffer.slice(end + 2);
      state = 'headers';
      return true;
    }
    if (state === 'headers') {
      const end = buffer.startsWith('\r\n') ? 0 : buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffer.length > MAX_HEADER_BYTES)
          problem = new MultipartScanError(`part ${parts.length + 1}'s headers go on past 16 KiB`);
        return false;
      }
      const headers = utf8(buffer.slice(0, end));
      buffer = buffer.slice(end === 0 ? 2 : end + 4);
      const disposition = /^content-disposition:([^\r\n]*)/im.exec(headers)?.[1];
      if (disposition === undefined || !/^\s*form-data\s*(;|$)/i.test(disposition)) {
        problem = new MultipartScanError(
          `part ${parts.length + 1} has no Content-Disposition: form-data header`,
        );
        return false;
      }
      const name = parameter(disposition, 'name');
      if (!name) {
        problem = new MultipartScanError(`part ${parts.length + 1} has no name`);
        return false;
      }
      const filename = parameter(disposition, 'filename');
      const contentType = /^content-type:\s*([^\r\n]*)/im.exec(headers)?.[1]?.trim();
      current = {
        name,
        bytes: 0,
        ...(filename !== undefined ? { filename } : {}),
        ...(contentType ? { contentType } : {}),
      };
      parts.push(current);
      state = filename !== undefined ? 'file' : 'value';
      return true;
    }
    if (state === 'value' || state === 'file') {
      const at = buffer.indexOf(delimiter);
      if (at < 0) {
        if (state === 'file') {
          // Keep only what could be the start of the delimiter.
          const keep = Math.max(0, buffer.length - delimiter.length);
          current!.bytes += keep;
          buffer = buffer.slice(keep);
        } else if (limits.valueBytes !== undefined && buffer.length > limits.valueBytes + delimiter.length) {
          problem = new MultipartScanError(
            `part "${current!.name}" is over ${limits.valueBytes} bytes`,
            true,
          );
        }
        return false;
      }
      current!.bytes += at;
      if (state === 'value') {
        try {
          current!.value = new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(buffer.slice(0, at)));
        } catch {
          problem = new MultipartScanError(`part "${current!.name}" is not UTF-8 text`);
          return false;
        }
      }
      buffer = buffer.slice(at + delimiter.length);
      state = 'boundary-line';
      return true;
    }
    return false;
  };

  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Once the body is known bad, the rest is read and dropped (see above).
    if (problem || state === 'done') continue;
    buffer += decoder.decode(value, { stream: true });
    while (!problem && step());
  }
  if (problem) throw problem;
  if (state === 'preamble')
    throw new MultipartScanError(`no part starts with the boundary "${boundary}" given in Content-Type`);
  if (state === 'headers') throw new MultipartScanError("the body ends inside a part's headers");
  if (state !== 'done') throw new MultipartScanError('the body ends before its closing boundary');
  return parts;
}

/** A Content-Disposition parameter, quoted or not (quotes kept inside are left as sent). */
function parameter(disposition: string, key: string): string | undefined {
  const pattern = /;\s*([\w*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of disposition.matchAll(pattern)) {
    if (match[1]!.toLowerCase() === key) return match[2] ?? match[3]!.trim();
  }
  return undefined;
}

function bytesOf(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (c) => c.charCodeAt(0));
}

/** Header text as sent: browsers and curl write non-ASCII file names as UTF-8. */
function utf8(latin1: string): string {
  return new TextDecoder().decode(bytesOf(latin1));
}
