import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMultipartBody,
  toFormData,
  type MultipartBody,
  type MultipartField,
} from '../../src/files/multipart-body.js';
import { toUploadFile, type UploadFile } from '../../src/files/upload-file.js';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { countingStream, patternBytes, readAll, sameBytes, splitBytes } from '../support/streams.js';

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(async () => {
  await server.close();
});

/** What the SDK's transport does with a body: stream it, with the exact length when known. */
async function send(body: MultipartBody) {
  const headers: Record<string, string> = { 'content-type': body.contentType };
  if (body.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
  const before = server.requests.length;
  const response = await fetch(`${server.url}/v2/SID/whatsapp/WABA/resumable_media`, {
    method: 'POST',
    body: body.stream(),
    duplex: 'half',
    headers,
    redirect: 'error',
  } as RequestInit);
  expect(response.status).toBe(202);
  await response.arrayBuffer();
  expect(server.requests).toHaveLength(before + 1);
  return server.requests[before]!;
}

const jpeg = withBody(MAGIC.jpeg, 150_000);
const pdf = withBody(MAGIC.pdf, 70_001);
const streamed = withBody(MAGIC.mp4, 333_333);
const raw = patternBytes(4096, 7);

async function mixedFields(): Promise<MultipartField[]> {
  return [
    { name: 'type', value: 'image/jpeg' },
    { name: 'caption', value: 'Ünïcode ✓ line1\nline2 "quoted"' },
    { name: 'raw', file: await toUploadFile(raw, { name: 'raw.bin' }) },
    { name: 'file', file: await toUploadFile(new Blob([jpeg]), { name: 'photo.jpg' }) },
    { name: 'doc', file: await toUploadFile(new File([pdf], 'Report Q1.pdf', { type: 'application/pdf' })) },
    {
      name: 'video',
      file: await toUploadFile({
        stream: countingStream(splitBytes(streamed, [7, 40_000, 1])).stream,
        name: 'clip.mp4',
        size: streamed.length,
      }),
    },
  ];
}

describe('createMultipartBody over fetch', () => {
  it('delivers string, bytes, Blob, File and stream parts byte-exact with an exact Content-Length', async () => {
    const body = createMultipartBody(await mixedFields());
    const req = await send(body);

    expect(req.chunked).toBe(false);
    expect(req.contentLengthMatched).toBe(true);
    expect(req.body.length).toBe(body.contentLength);
    expect(req.headers['content-type']).toBe(body.contentType);
    expect(body.contentType).toMatch(/^multipart\/form-data; boundary=----KaleyraFormBoundary[0-9a-f]{32}$/);

    const parts = req.parts!;
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['type', undefined, undefined],
      ['caption', undefined, undefined],
      ['raw', 'raw.bin', 'application/octet-stream'],
      ['file', 'photo.jpg', 'image/jpeg'],
      ['doc', 'Report Q1.pdf', 'application/pdf'],
      ['video', 'clip.mp4', 'video/mp4'],
    ]);
    expect(parts[0]!.text).toBe('image/jpeg');
    // Values go out as given: no CRLF normalisation that would alter a caption.
    expect(parts[1]!.text).toBe('Ünïcode ✓ line1\nline2 "quoted"');
    expect(sameBytes(parts[2]!.bytes, raw)).toBe('identical');
    expect(sameBytes(parts[3]!.bytes, jpeg)).toBe('identical');
    expect(sameBytes(parts[4]!.bytes, pdf)).toBe('identical');
    expect(sameBytes(parts[5]!.bytes, streamed)).toBe('identical');
  });

  it('uses a fresh random boundary per body', () => {
    const a = createMultipartBody([{ name: 'a', value: '1' }]);
    const b = createMultipartBody([{ name: 'a', value: '1' }]);
    expect(a.boundary).not.toBe(b.boundary);
  });

  it('reports progress as bytes are pulled, ending exactly at the total', async () => {
    const calls: Array<[number, number | undefined]> = [];
    const body = createMultipartBody(await mixedFields(), {
      chunkSize: 16 * 1024,
      onProgress: (sent, total) => calls.push([sent, total]),
    });
    expect(calls).toEqual([]); // nothing is read until the consumer asks
    await send(body);

    expect(calls.at(-1)).toEqual([body.contentLength, body.contentLength]);
    const sents = calls.map(([sent]) => sent);
    expect(sents).toEqual([...sents].sort((x, y) => x - y));
    const steps = sents.map((sent, i) => sent - (sents[i - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(16 * 1024);
    expect(Math.min(...steps)).toBeGreaterThan(0);
  });

  it('escapes quotes and line breaks in names and filenames the way browsers do', async () => {
    const file = await toUploadFile(new TextEncoder().encode('x'), { name: 'a"b\r\nContent-Type: evil.txt' });
    const req = await send(
      createMultipartBody([
        { name: 'we"ird\nname', value: 'v' },
        { name: 'file', file },
      ]),
    );
    expect(req.parts!.map((p) => [p.name, p.filename])).toEqual([
      ['we%22ird%0Aname', undefined],
      ['file', 'a%22b%0D%0AContent-Type: evil.txt'],
    ]);
    expect(req.parts![1]!.contentType).toBe('text/plain');
  });

  it('falls back to chunked transfer when a stream has no known size', async () => {
    const file = await toUploadFile({
      stream: countingStream(splitBytes(streamed, [10_000])).stream,
      name: 'clip.mp4',
    });
    const body = createMultipartBody([{ name: 'file', file }]);
    expect([body.contentLength, body.replayable]).toEqual([undefined, false]);
    const req = await send(body);
    expect(req.chunked).toBe(true);
    expect(sameBytes(req.parts![0]!.bytes, streamed)).toBe('identical');
  });

  it('is replayable only when every file is, and then sends identical bytes twice', async () => {
    const body = createMultipartBody([{ name: 'file', file: await toUploadFile(jpeg, { name: 'a.jpg' }) }], {
      boundary: 'fixed-boundary',
    });
    expect(body.replayable).toBe(true);
    const first = await send(body);
    const second = await send(body);
    expect(sameBytes(second.body, first.body)).toBe('identical');
    expect(sameBytes(first.parts![0]!.bytes, jpeg)).toBe('identical');
  });

  it('builds the exact bytes for a fixed boundary', async () => {
    const file = await toUploadFile(new TextEncoder().encode('hi'), { name: 'a.txt' });
    const body = createMultipartBody(
      [
        { name: 'type', value: 'text/plain' },
        { name: 'file', file },
      ],
      { boundary: 'XyZ' },
    );
    const expected =
      '--XyZ\r\nContent-Disposition: form-data; name="type"\r\n\r\ntext/plain\r\n' +
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
      '--XyZ--\r\n';
    expect(new TextDecoder().decode(await readAll(body.stream()))).toBe(expected);
    expect(body.contentLength).toBe(new TextEncoder().encode(expected).length);
  });

  it('fails the stream when a file yields a different size than it declared', async () => {
    const file: UploadFile = {
      name: 'a.bin',
      size: 10,
      type: 'application/octet-stream',
      replayable: true,
      stream: () => new Blob([new Uint8Array(7)]).stream(),
    };
    await expect(readAll(createMultipartBody([{ name: 'f', file }]).stream())).rejects.toThrow(
      /produced 7 bytes but its size was 10/,
    );
  });

  it('cancels the file being read when the consumer cancels', async () => {
    const source = countingStream(splitBytes(streamed, [1000]));
    const file = await toUploadFile({ stream: source.stream, name: 'clip.mp4' });
    const reader = createMultipartBody([{ name: 'file', file }])
      .stream()
      .getReader();
    await reader.read(); // part headers
    await reader.read(); // first file chunk
    await reader.cancel('aborted');
    expect(source.cancelled()).toBe(true);
  });

  it.each(['has space', 'a:b', '', 'x'.repeat(71), 'quo"te'])('rejects the boundary %j', (boundary) => {
    expect(() => createMultipartBody([], { boundary })).toThrow(KaleyraValidationError);
  });
});

describe('toFormData', () => {
  it('produces a FormData that fetch sends with the same parts', async () => {
    const fields = await mixedFields();
    const response = await fetch(`${server.url}/form`, { method: 'POST', body: await toFormData(fields) });
    expect(response.status).toBe(202);
    const req = server.requests.at(-1)!;
    expect(req.parts!.map((p) => [p.name, p.filename, p.contentType ?? null])).toEqual([
      ['type', undefined, null],
      ['caption', undefined, null],
      ['raw', 'raw.bin', 'application/octet-stream'],
      ['file', 'photo.jpg', 'image/jpeg'],
      ['doc', 'Report Q1.pdf', 'application/pdf'],
      ['video', 'clip.mp4', 'video/mp4'],
    ]);
    expect(sameBytes(req.parts![5]!.bytes, streamed)).toBe('identical');
  });
});
