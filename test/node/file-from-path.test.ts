import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
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
