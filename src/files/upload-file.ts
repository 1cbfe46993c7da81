import { KaleyraValidationError } from '../errors/validation-error.js';
import { canonicalMimeType, isGenericMimeType } from './canonical-mime-type.js';
import { isConsistentWithSignature, mimeFromFileName, sniffSignature, SNIFF_BYTES } from './mime-sniff.js';
import { peekStream } from './peek-stream.js';

/**
 * A file in the one shape the upload code understands, whatever the caller passed in.
 * `size` is undefined only for streams of unknown length.
 */
export interface UploadFile {
  /** The file name sent with the upload. */
  readonly name: string;
  /** Size in bytes, or undefined for a stream of unknown length. */
  readonly size: number | undefined;
  /** The settled MIME type, checked against the bytes' signature. */
  readonly type: string;
  /**
   * Whether stream() may be called again. A retry of an upload needs a fresh copy of the bytes;
   * a caller's one-shot ReadableStream cannot give one, so it must not be retried.
   */
  readonly replayable: boolean;
  /** A stream of the file's bytes; call again only when `replayable` is true. */
  stream(): ReadableStream<Uint8Array>;
  /**
   * Optional, the same bytes read into a few buffers in turn (`RECYCLED_CHUNKS_VALID_FOR`), so a
   * large file costs no fresh memory per chunk. A chunk is overwritten once the consumer has pulled
   * that many more, so only a consumer that is done with each chunk by then may read it: the
   * upload body handed to Node's own fetch, which writes each chunk to the socket and waits for
   * it to drain before it pulls the next. Anything else reads `stream()`.
   */
  recyclingStream?(): ReadableStream<Uint8Array>;
}

/**
 * How many pulls a chunk of a `recyclingStream()` stays valid for. Node's fetch holds at most the
 * chunk it is writing and the one before while the socket drains; one more is margin.
 */
export const RECYCLED_CHUNKS_VALID_FOR = 3;

export type FileInput =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | { stream: ReadableStream<Uint8Array>; name: string; size?: number; type?: string }
  | { data: Uint8Array | Blob; name: string; type?: string }
  | UploadFile;

export interface ToUploadFileOptions {
  /** Overrides any name the input carries; required for bytes and nameless Blobs. */
  name?: string;
  /** Overrides any type the input carries; still checked against the bytes' signature. */
  type?: string;
  /** The option name the caller knows this file by (`media`, `file`), for error messages. Default `file`. */
  field?: string;
}

const FALLBACK_TYPE = 'application/octet-stream';

/** Turns bytes, a Blob/File, a stream or an UploadFile into an UploadFile, settling its name and type. */
export async function toUploadFile(input: FileInput, options: ToUploadFileOptions = {}): Promise<UploadFile> {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    return fromBytes(
      input instanceof Uint8Array ? input : new Uint8Array(input),
      requireName(undefined, options),
      options.type,
      fieldOf(options),
    );
  }
  if (input instanceof Blob) {
    const ownName = typeof (input as File).name === 'string' ? (input as File).name : undefined;
    return fromBlob(input, requireName(ownName, options), options.type ?? input.type, fieldOf(options));
  }
  if (isUploadFile(input)) return reviewUploadFile(input, options);
  if ('data' in input) {
    const declared = options.type ?? input.type ?? (input.data instanceof Blob ? input.data.type : undefined);
    const name = requireName(input.name, options);
    return input.data instanceof Blob
      ? fromBlob(input.data, name, declared, fieldOf(options))
      : fromBytes(input.data, name, declared, fieldOf(options));
  }
  if ('stream' in input && input.stream instanceof ReadableStream) {
    return fromStream(
      input.stream,
      requireName(input.name, options),
      input.size,
      options.type ?? input.type,
      fieldOf(options),
    );
  }
  throw new KaleyraValidationError({
    field: fieldOf(options),
    rule: 'file-input',
    message: 'must be bytes, a Blob or File, { data, name }, { stream, name } or a value from fileFromPath()',
  });
}

/** Whether a value already is an UploadFile (has `stream`, `replayable` and `name`), not a Blob. */
export function isUploadFile(value: unknown): value is UploadFile {
  if (typeof value !== 'object' || value === null || value instanceof Blob) return false;
  const candidate = value as Partial<UploadFile>;
  return (
    typeof candidate.stream === 'function' &&
    typeof candidate.replayable === 'boolean' &&
    typeof candidate.name === 'string'
  );
}

/**
 * Settles the final type for any source. Exported for other sources of bytes (the Node path
 * helper) so that every UploadFile is typed by exactly the same rules.
 */
export function resolveUploadType(
  head: Uint8Array,
  name: string,
  declared: string | undefined,
  field = 'file',
): string {
  const signature = sniffSignature(head, name);
  if (!isGenericMimeType(declared)) {
    assertNoHeaderBreak(declared!, field);
    if (signature !== undefined && !isConsistentWithSignature(declared!, signature)) {
      throw new KaleyraValidationError({
        field,
        rule: 'type-mismatch',
        message: `declared as ${declared} but the content is ${signature.type}`,
      });
    }
    return canonicalMimeType(declared!);
  }
  return signature?.type ?? mimeFromFileName(name) ?? FALLBACK_TYPE;
}

function requireName(ownName: string | undefined, options: ToUploadFileOptions): string {
  const name = options.name ?? ownName;
  if (name === undefined || name === '') {
    throw new KaleyraValidationError({
      field: fieldOf(options),
      rule: 'name-required',
      message: 'needs a name: pass a File, or give a name with bytes, Blobs and streams',
    });
  }
  return name;
}

function fromBytes(bytes: Uint8Array, name: string, declared: string | undefined, field: string): UploadFile {
  const type = resolveUploadType(bytes.subarray(0, SNIFF_BYTES), name, declared, field);
  return {
    name,
    size: bytes.byteLength,
    type,
    replayable: true,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      }),
  };
}

async function fromBlob(
  blob: Blob,
  name: string,
  declared: string | undefined,
  field: string,
): Promise<UploadFile> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const type = resolveUploadType(head, name, declared, field);
  return { name, size: blob.size, type, replayable: true, stream: () => blob.stream() };
}

async function fromStream(
  source: ReadableStream<Uint8Array>,
  name: string,
  size: number | undefined,
  declared: string | undefined,
  field: string,
): Promise<UploadFile> {
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new KaleyraValidationError({
      field,
      rule: 'size',
      message: `size must be a non-negative integer (got ${size})`,
    });
  }
  const { head, stream } = await peekStream(source, SNIFF_BYTES);
  const type = resolveUploadType(head, name, declared, field);
  return { name, size, type, replayable: false, stream: once(stream) };
}

async function reviewUploadFile(file: UploadFile, options: ToUploadFileOptions): Promise<UploadFile> {
  if (options.name === undefined && options.type === undefined) return file;
  const name = requireName(file.name, options);
  if (options.type === undefined) return { ...pick(file), name, ...streamsOf(file) };

  // A new declared type must be checked against the bytes, which means looking at them again.
  if (file.replayable) {
    const probe = await peekStream(file.stream(), SNIFF_BYTES);
    await probe.stream.cancel();
    const type = resolveUploadType(probe.head, name, options.type, fieldOf(options));
    return { ...pick(file), name, type, ...streamsOf(file) };
  }
  const { head, stream } = await peekStream(file.stream(), SNIFF_BYTES);
  const type = resolveUploadType(head, name, options.type, fieldOf(options));
  return { ...pick(file), name, type, stream: once(stream) };
}

function pick(file: UploadFile): Omit<UploadFile, 'stream'> {
  return { name: file.name, size: file.size, type: file.type, replayable: file.replayable };
}

function streamsOf(file: UploadFile): Pick<UploadFile, 'stream' | 'recyclingStream'> {
  const recycling = file.recyclingStream;
  return {
    stream: () => file.stream(),
    ...(recycling ? { recyclingStream: () => recycling.call(file) } : {}),
  };
}

function once(stream: ReadableStream<Uint8Array>): () => ReadableStream<Uint8Array> {
  let taken = false;
  return () => {
    if (taken) {
      throw new TypeError(
        'this upload was built from a ReadableStream, which can be read only once; pass a Blob, bytes or a path to allow a retry',
      );
    }
    taken = true;
    return stream;
  };
}

function fieldOf(options: ToUploadFileOptions): string {
  return options.field ?? 'file';
}

function assertNoHeaderBreak(type: string, field: string): void {
  // The type is written into a part header; a line break there would forge headers.
  if (/[\r\n]/.test(type)) {
    throw new KaleyraValidationError({
      field,
      rule: 'type-format',
      message: 'type must not contain line breaks',
    });
  }
}
