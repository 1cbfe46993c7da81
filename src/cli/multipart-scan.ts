export interface ScannedPart {
  name: string;
  filename?: string;
  contentType?: string;
  /** Text of a field part; undefined for file parts, whose bytes are counted, not kept. */
  value?: string;
  bytes: number;
}

/**
 * Lists the parts of a multipart body as it streams past, keeping field values but only counting
 * file bytes, so a dry run of a 100 MB upload does not hold the file in memory.
 */
export async function scanMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
): Promise<ScannedPart[]> {
  const delimiter = `\r\n--${boundary}`;
  const parts: ScannedPart[] = [];
  // latin1 maps bytes to characters one to one, so string searches are byte searches.
  const decoder = new TextDecoder('latin1');
  let buffer = '\r\n';
  type State = 'preamble' | 'headers' | 'value' | 'file' | 'done';
  // Widened on purpose: step() changes it, which TypeScript's narrowing cannot see.
  let state = 'preamble' as State;
  let current: ScannedPart | undefined;

  const step = (): boolean => {
    if (state === 'preamble') {
      const at = buffer.indexOf(delimiter);
      if (at < 0) return false;
      buffer = buffer.slice(at + delimiter.length);
      state = 'headers';
      return true;
    }
    if (state === 'headers') {
      if (buffer.startsWith('--')) {
        state = 'done';
        return false;
      }
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const headers = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
      const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1];
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
        }
        return false;
      }
      current!.bytes += at;
      if (state === 'value')
        current!.value = new TextDecoder().decode(
          Uint8Array.from(buffer.slice(0, at), (c) => c.charCodeAt(0)),
        );
      buffer = buffer.slice(at + delimiter.length);
      state = 'headers';
      return true;
    }
    return false;
  };

  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    while (step());
    if (done || state === 'done') break;
  }
  if (state !== 'done') await reader.cancel().catch(() => undefined);
  return parts;
}
