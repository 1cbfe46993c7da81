import { describe, expect, it } from 'vitest';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';
import { toUploadFile, type UploadFile } from '../../src/files/upload-file.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { countingStream, patternBytes, readAll, sameBytes, splitBytes } from '../support/streams.js';

const png = withBody(MAGIC.png, 500);
const pdf = withBody(MAGIC.pdf, 500);

async function rejection(promise: Promise<unknown>): Promise<KaleyraValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KaleyraValidationError);
  return error as KaleyraValidationError;
}

describe('toUploadFile: inputs', () => {
  it.each<[string, () => Parameters<typeof toUploadFile>]>([
    ['Uint8Array + name', () => [png, { name: 'a.png' }]],
    [
      'Buffer slice of a larger pool',
      () => [Buffer.concat([Buffer.from('xx'), png]).subarray(2), { name: 'a.png' }],
    ],
    ['ArrayBuffer + name', () => [png.slice().buffer, { name: 'a.png' }]],
    ['Blob + name', () => [new Blob([png]), { name: 'a.png' }]],
    ['File', () => [new File([png], 'a.png', { type: 'image/png' })]],
    ['{ data: bytes }', () => [{ data: png, name: 'a.png' }]],
    ['{ data: Blob }', () => [{ data: new Blob([png]), name: 'a.png' }]],
  ])('%s: replayable, sized, typed, identical bytes on every stream()', async (_label, args) => {
    const file = await toUploadFile(...args());
    expect({ name: file.name, size: file.size, type: file.type, replayable: file.replayable }).toEqual({
      name: 'a.png',
      size: png.length,
      type: 'image/png',
      replayable: true,
    });
    expect(sameBytes(await readAll(file.stream()), png)).toBe('identical');
    expect(sameBytes(await readAll(file.stream()), png)).toBe('identical');
  });

  it('takes a stream with its declared size and is not replayable', async () => {
    const file = await toUploadFile({ stream: new Blob([png]).stream(), name: 'a.png', size: png.length });
    expect([file.size, file.type, file.replayable]).toEqual([png.length, 'image/png', false]);
    expect(sameBytes(await readAll(file.stream()), png)).toBe('identical');
    expect(() => file.stream()).toThrow(/read only once/);
  });

  it('returns an already normalised UploadFile untouched', async () => {
    const file = await toUploadFile(png, { name: 'a.png' });
    expect(await toUploadFile(file)).toBe(file);
  });

  it('renames an UploadFile and re-checks a newly declared type against its bytes', async () => {
    const file = await toUploadFile(pdf, { name: 'a.pdf' });
    const renamed = await toUploadFile(file, { name: 'b.pdf' });
    expect([renamed.name, renamed.type, renamed.size]).toEqual(['b.pdf', 'application/pdf', pdf.length]);
    expect((await rejection(toUploadFile(file, { type: 'image/png' }))).rule).toBe('type-mismatch');
  });

  it('rejects values that are not files', async () => {
    const error = await rejection(toUploadFile({ path: '/tmp/x' } as never));
    expect([error.field, error.rule]).toEqual(['file', 'file-input']);
  });
});

describe('toUploadFile: names', () => {
  it.each<[string, () => Parameters<typeof toUploadFile>]>([
    ['bytes', () => [png]],
    ['a Blob', () => [new Blob([png])]],
    ['an empty name', () => [png, { name: '' }]],
    ['a File with an empty name', () => [new File([png], '')]],
  ])('requires a name for %s', async (_label, args) => {
    const error = await rejection(toUploadFile(...args()));
    expect([error.field, error.rule]).toEqual(['file', 'name-required']);
  });

  it('lets an explicit name override the File name', async () => {
    expect((await toUploadFile(new File([png], 'IMG_0001.PNG'), { name: 'receipt.png' })).name).toBe(
      'receipt.png',
    );
    expect((await toUploadFile(new File([png], 'IMG_0001.PNG'))).name).toBe('IMG_0001.PNG');
  });
});

describe('toUploadFile: types', () => {
  it('prefers the bytes to the extension when nothing is declared', async () => {
    expect((await toUploadFile(pdf, { name: 'looks-like.png' })).type).toBe('application/pdf');
  });

  it('falls back to the extension when the bytes have no signature', async () => {
    const text = new TextEncoder().encode('plain words');
    expect((await toUploadFile(text, { name: 'notes.txt' })).type).toBe('text/plain');
    expect((await toUploadFile(text, { name: 'notes' })).type).toBe('application/octet-stream');
  });

  it('treats an empty or octet-stream declared type as undeclared', async () => {
    expect((await toUploadFile(new File([png], 'a.png'))).type).toBe('image/png');
    expect((await toUploadFile(png, { name: 'a', type: 'application/octet-stream' })).type).toBe('image/png');
  });

  it.each<[string, () => Parameters<typeof toUploadFile>]>([
    ['options.type', () => [pdf, { name: 'a.png', type: 'image/png' }]],
    ['File.type', () => [new File([pdf], 'a.png', { type: 'image/png' })]],
    ['{ data, type }', () => [{ data: pdf, name: 'a.png', type: 'image/png' }]],
    ['{ stream, type }', () => [{ stream: new Blob([pdf]).stream(), name: 'a.png', type: 'image/png' }]],
  ])('rejects a declared type that contradicts the bytes (%s)', async (_label, args) => {
    const error = await rejection(toUploadFile(...args()));
    expect([error.field, error.rule]).toEqual(['file', 'type-mismatch']);
    expect(error.message).toContain('application/pdf');
  });

  it('lets options.type override a File type, and still checks it', async () => {
    const file = new File([png], 'a.png', { type: 'application/pdf' });
    expect((await toUploadFile(file, { type: 'image/png' })).type).toBe('image/png');
  });

  it.each([
    ['image/jpg', 'image/jpeg', withBody(MAGIC.jpeg)],
    ['audio/mp4', 'audio/mp4', withBody(MAGIC.mp4)],
    ['text/csv', 'text/csv', new TextEncoder().encode('a,b\n1,2\n')],
  ])('accepts declared %s as consistent with the bytes and stores %s', async (declared, expected, bytes) => {
    expect((await toUploadFile(bytes, { name: 'x', type: declared })).type).toBe(expected);
  });

  it('refuses a declared type with a line break (it becomes a part header)', async () => {
    const error = await rejection(
      toUploadFile(new TextEncoder().encode('x'), { name: 'x', type: 'text/plain\r\nX-Evil: 1' }),
    );
    expect(error.rule).toBe('type-format');
  });
});

describe('toUploadFile: stream peek', () => {
  const bytes = withBody(MAGIC.jpeg, 5000);

  it.each([
    ['one big chunk', [bytes.length]],
    ['single bytes', [1]],
    ['chunks straddling the sniff window', [3, 17, 70, 1, 999]],
    ['a chunk ending exactly at the window', [64, 10]],
  ])('re-emits every byte once in order: %s', async (_label, sizes) => {
    const chunks = splitBytes(bytes, sizes);
    const file = await toUploadFile({ stream: countingStream(chunks).stream, name: 'x.jpg' });
    expect(file.type).toBe('image/jpeg');
    expect(sameBytes(await readAll(file.stream()), bytes)).toBe('identical');
  });

  it('reads only the chunks the sniff needs before the consumer pulls', async () => {
    const source = countingStream(splitBytes(patternBytes(1_000_000), [16 * 1024]));
    await toUploadFile({ stream: source.stream, name: 'x.bin' });
    expect(source.pulled()).toBe(1);
  });

  it('handles a stream shorter than the sniff window, and an empty one', async () => {
    const short = await toUploadFile({
      stream: countingStream([new Uint8Array(MAGIC.amr)]).stream,
      name: 'v',
    });
    expect(short.type).toBe('audio/amr');
    expect(await readAll(short.stream())).toEqual(new Uint8Array(MAGIC.amr));
    const empty = await toUploadFile({ stream: countingStream([]).stream, name: 'e.txt' });
    expect(await readAll(empty.stream())).toEqual(new Uint8Array(0));
  });

  it('passes cancellation through to the source', async () => {
    const source = countingStream(splitBytes(bytes, [100]));
    const file: UploadFile = await toUploadFile({ stream: source.stream, name: 'x.jpg' });
    await file.stream().cancel('stop');
    expect(source.cancelled()).toBe(true);
  });

  it('rejects a negative declared size', async () => {
    const error = await rejection(
      toUploadFile({ stream: countingStream([png]).stream, name: 'a.png', size: -1 }),
    );
    expect(error.rule).toBe('size');
  });
});
