import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNodeFetch, nodeFetchReleasesChunks } from '../../src/core/body.js';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import { RECYCLED_CHUNKS_VALID_FOR, toUploadFile } from '../../src/files/upload-file.js';
import { createKaleyraClient } from '../../src/index.js';
import { createMultipartBody } from '../../src/files/multipart-body.js';
import { fileFromPath } from '../../src/node/index.js';
import { fileWebStream } from '../../src/node/file-web-stream.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { patternBytes, readAll } from '../support/streams.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let server: RecordingServer;
let bigPath: string;
let bigHash: string;
const BIG = 20 * 1024 * 1024 + 12_345; // not a multiple of any chunk size

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kaleyra-files-'));
  server = await startRecordingServer();
  const big = patternBytes(BIG, 42);
  big.set(MAGIC.mp4);
  bigHash = sha256(big);
  bigPath = join(dir, 'clip.mp4');
  await writeFile(bigPath, big);
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('fileFromPath', () => {
  it('streams a 20 MB file through a multipart body and the server receives identical bytes', async () => {
    const file = await fileFromPath(bigPath);
    expect([file.name, file.size, file.type, file.replayable]).toEqual(['clip.mp4', BIG, 'video/mp4', true]);

    const body = createMultipartBody([
      { name: 'type', value: file.type },
      { name: 'file', file },
    ]);
    const response = await fetch(`${server.url}/upload`, {
      method: 'POST',
      body: body.stream(),
      duplex: 'half',
      headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
      redirect: 'error',
    } as RequestInit);
    expect(response.status).toBe(202);

    const req = server.requests.at(-1)!;
    expect(req.contentLengthMatched).toBe(true);
    expect(req.chunked).toBe(false);
    const part = req.parts!.find((p) => p.name === 'file')!;
    expect([part.filename, part.contentType, part.bytes.length]).toEqual(['clip.mp4', 'video/mp4', BIG]);
    expect(sha256(part.bytes)).toBe(bigHash);
  });

  it('opens the file afresh on each stream() so a retry sends the same bytes', async () => {
    const file = await fileFromPath(pathToFileURL(bigPath));
    expect(sha256(await readAll(file.stream()))).toBe(bigHash);
    expect(sha256(await readAll(file.stream()))).toBe(bigHash);
  });

  it('types by content, by extension when the content has no signature, and honours overrides', async () => {
    const disguised = join(dir, 'scan.png');
    await writeFile(disguised, withBody(MAGIC.pdf));
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'hello');

    expect((await fileFromPath(disguised)).type).toBe('application/pdf');
    expect((await fileFromPath(notes)).type).toBe('text/plain');
    const renamed = await fileFromPath(notes, { name: 'readme.txt', type: 'text/plain' });
    expect([renamed.name, renamed.type, renamed.size]).toEqual(['readme.txt', 'text/plain', 5]);
  });

  it('rejects a declared type the bytes contradict', async () => {
    const pdfPath = join(dir, 'doc.pdf');
    await writeFile(pdfPath, withBody(MAGIC.pdf));
    const error = await fileFromPath(pdfPath, { type: 'image/jpeg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect((error as KaleyraValidationError).rule).toBe('type-mismatch');
  });

  it('rejects a directory', async () => {
    const error = await fileFromPath(dir).catch((e: unknown) => e);
    expect((error as KaleyraValidationError).rule).toBe('not-a-file');
  });

  it('lets a missing file fail with the file-system error', async () => {
    await expect(fileFromPath(join(dir, 'missing.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails the upload instead of sending a wrong body when the file shrinks after fileFromPath', async () => {
    const path = join(dir, 'shrinking.mp4');
    await writeFile(path, withBody(MAGIC.mp4, 10_000));
    const file = await fileFromPath(path);
    await truncate(path, 5_000);
    const body = createMultipartBody([{ name: 'file', file }]);
    await expect(readAll(body.stream())).rejects.toThrow(/produced 5000 bytes but its size was 10032/);
  });
});

describe('fileWebStream', () => {
  it('hands out one chunk per pull, in order, the last one short', async () => {
    const path = join(dir, 'chunks.bin');
    const bytes = patternBytes(2_500, 3);
    await writeFile(path, bytes);
    const reader = fileWebStream(path, 1_000).getReader();
    const sizes: number[] = [];
    const seen: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      sizes.push(r.value.length);
      seen.push(r.value);
    }
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(Buffer.concat(seen).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('recycled read buffers', () => {
  it('fileWebStream with slots reads into that many buffers in turn, each chunk right when taken', async () => {
    const path = join(dir, 'ring.bin');
    const bytes = patternBytes(7_300, 9);
    await writeFile(path, bytes);
    const reader = fileWebStream(path, 1_000, 3).getReader();
    const buffers: ArrayBufferLike[] = [];
    const copies: Buffer[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      buffers.push(r.value.buffer);
      copies.push(Buffer.from(r.value)); // a consumer done with the chunk before the next pull
    }
    expect(buffers).toHaveLength(8);
    expect(new Set(buffers).size).toBe(3);
    buffers.forEach((buffer, i) => expect(buffer).toBe(buffers[i % 3]));
    expect(Buffer.concat(copies).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a file from a path offers a recycling stream with the same bytes; a renamed one keeps it', async () => {
    const file = await fileFromPath(bigPath);
    expect(sha256(await readAll(copyEach(file.recyclingStream!())))).toBe(bigHash);
    const renamed = await toUploadFile(file, { name: 'renamed.mp4', type: 'video/mp4' });
    expect(sha256(await readAll(copyEach(renamed.recyclingStream!())))).toBe(bigHash);
    const uploadViaClient = uploadClient();
    server.respondWith({ status: 202, body: { code: 'WA202', data: { id: '7', status: 'PENDING' } } });
    await uploadViaClient.media.uploadResumable({ wabaId: '150441234142241', file, name: 'renamed.mp4' });
    const part = uploadedFilePart();
    expect([part.filename, part.bytes.length]).toEqual(['renamed.mp4', BIG]);
    expect(sha256(part.bytes)).toBe(bigHash);
  });

  it("only Node's own fetch is trusted with recycled chunks", () => {
    expect(RECYCLED_CHUNKS_VALID_FOR).toBeGreaterThanOrEqual(2);
    expect(isNodeFetch(globalThis.fetch)).toBe(true);
    expect(isNodeFetch((input, init) => fetch(input, init))).toBe(false);
    expect(nodeFetchReleasesChunks()).toBe(true);
  });

  it("a 20 MB upload through Node's fetch, chunks recycled, arrives intact", async () => {
    const client = uploadClient();
    server.respondWith({ status: 202, body: { code: 'WA202', data: { id: '8', status: 'PENDING' } } });
    await client.media.uploadResumable({ wabaId: '150441234142241', file: await fileFromPath(bigPath) });
    expect(server.requests.at(-1)!.contentLengthMatched).toBe(true);
    expect(sha256(uploadedFilePart().bytes)).toBe(bigHash);
  });

  it('a fetch that keeps every chunk before sending gets fresh ones, so the upload arrives intact', async () => {
    let kept = 0;
    const client = uploadClient({
      // Collects the whole body first, as a mock or an interceptor that reads the request does.
      fetch: async (input, init) => {
        const chunks: Uint8Array[] = [];
        const reader = (init!.body as ReadableStream<Uint8Array>).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
        kept = chunks.length;
        const { duplex: _duplex, ...rest } = init as RequestInit & { duplex?: string };
        return fetch(input, { ...rest, body: Buffer.concat(chunks) });
      },
    });
    server.respondWith({ status: 202, body: { code: 'WA202', data: { id: '9', status: 'PENDING' } } });
    await client.media.uploadResumable({ wabaId: '150441234142241', file: await fileFromPath(bigPath) });
    expect(kept).toBeGreaterThan(RECYCLED_CHUNKS_VALID_FOR);
    expect(sha256(uploadedFilePart().bytes)).toBe(bigHash);
  });
});

describe('recycled read buffers and a replaced undici dispatcher', () => {
  const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
  type Dispatcher = { dispatch(options: { body?: unknown }, handler: unknown): boolean };

  /** Collects the whole body before handing it on, as a mocking dispatcher may. */
  class CollectingDispatcher {
    kept = 0;
    constructor(readonly inner: Dispatcher) {}
    dispatch(options: { body?: unknown }, handler: unknown): boolean {
      void (async () => {
        const chunks: Uint8Array[] = [];
        for await (const chunk of options.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
        this.kept = chunks.length;
        this.inner.dispatch({ ...options, body: Buffer.concat(chunks) }, handler);
      })();
      return true;
    }
  }

  it("Node's fetch through a dispatcher other than undici's Agent gets fresh chunks", async () => {
    await fetch(`${server.url}/warm-up`, { method: 'POST', body: '{}' }); // sets the default Agent
    const agent = Reflect.get(globalThis, DISPATCHER) as Dispatcher;
    const collecting = new CollectingDispatcher(agent);
    Reflect.set(globalThis, DISPATCHER, collecting);
    try {
      expect(nodeFetchReleasesChunks()).toBe(false);
      const client = uploadClient();
      server.respondWith({ status: 202, body: { code: 'WA202', data: { id: '10', status: 'PENDING' } } });
      await client.media.uploadResumable({ wabaId: '150441234142241', file: await fileFromPath(bigPath) });
      expect(collecting.kept).toBeGreaterThan(RECYCLED_CHUNKS_VALID_FOR);
      expect(sha256(uploadedFilePart().bytes)).toBe(bigHash);
    } finally {
      Reflect.set(globalThis, DISPATCHER, agent);
    }
  });
});

/** A client of the recording server, without retries, for the upload tests. */
function uploadClient(options: { fetch?: typeof fetch } = {}) {
  return createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'test-key-0123456789',
    baseUrl: server.url,
    maxRetries: 0,
    ...options,
  });
}

/** The `file` part of the last request the server recorded. */
function uploadedFilePart() {
  return server.requests.at(-1)!.parts!.find((p) => p.name === 'file')!;
}

/** A consumer that copies each chunk before pulling the next, as Node's fetch is done with it. */
function copyEach(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return stream.pipeThrough(new TransformStream({ transform: (chunk, c) => c.enqueue(chunk.slice()) }));
}
