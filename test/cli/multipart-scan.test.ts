import { describe, expect, it } from 'vitest';
import { MultipartScanError, scanMultipart } from '../../src/cli/multipart-scan.js';

const BOUNDARY = 'b0undary';
const body =
  `preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/png\r\n` +
  `--${BOUNDARY}  \r\nContent-Disposition: form-data; name=file; filename="caf\u00c3\u00a9.png"\r\n` +
  `Content-Type: image/png\r\n\r\n${'x'.repeat(300)}\r\n--${BOUNDARY}--\r\nepilogue`;

/** The body in chunks of `size` bytes, counting how many the scanner pulled. */
function chunked(text: string, size: number) {
  const bytes = Buffer.from(text, 'latin1');
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
      offset += size;
    },
  });
  return { stream, read: () => Math.min(offset, bytes.length), total: bytes.length };
}

describe('scanMultipart', () => {
  it.each([1, 7, 4096])('reads the same parts whatever the chunk size (%i bytes)', async (size) => {
    const parts = await scanMultipart(chunked(body, size).stream, BOUNDARY);
    expect(parts).toEqual([
      { name: 'type', value: 'image/png', bytes: 9 },
      { name: 'file', filename: 'café.png', contentType: 'image/png', bytes: 300 },
    ]);
  });

  it.each([
    ['a missing closing boundary', body.slice(0, body.indexOf(`--${BOUNDARY}--`) - 2), /closing boundary/],
    ['a value over the limit', body.replace('image/png', 'y'.repeat(200)), /over 100 bytes/],
  ])('throws on %s only after reading the whole body', async (_, text, message) => {
    const source = chunked(text, 16);
    const scanned = scanMultipart(source.stream, BOUNDARY, { valueBytes: 100 });
    await expect(scanned).rejects.toThrow(MultipartScanError);
    await expect(scanned).rejects.toThrow(message);
    expect(source.read()).toBe(source.total);
  });
});
