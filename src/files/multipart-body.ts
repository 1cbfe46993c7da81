import { KaleyraValidationError } from '../errors/validation-error.js';
import type { UploadFile } from './upload-file.js';

/**
 * One part of a multipart body. A file part may carry `maxBytes`: a file of unknown size (a
 * stream) is counted as it is read, and the body fails with a KaleyraValidationError once the
 * count passes the limit, so an oversized stream is never sent whole.
 */
export type MultipartField =
  { name: string; value: string } | { name: string; file: UploadFile; maxBytes?: number };

export interface MultipartBodyOptions {
  /** Fixed boundary, for reproducible bodies in tests. Default: 32 random hex digits. */
  boundary?: string;
  /**
   * Called each time the consumer (fetch) pulls bytes. `total` is undefined when a file's size
   * is unknown. Because the stream is pull-based, `sent` counts bytes the HTTP client has
   * taken, not bytes read ahead from disk.
   */
  onProgress?: (sent: number, total: number | undefined) => void;
  /**
   * Largest chunk handed to the consumer; smaller chunks give finer progress. Default: about 1/64 of
   * the body, from 64 KiB to 1 MiB (each chunk costs a trip through fetch's stream machinery: a
   * 100 MB upload in 64 KiB chunks takes four times as long as in 1 MiB chunks).
   */
  chunkSize?: number;
}

export interface MultipartBody {
  /** Send exactly this header: the boundary lives in it. */
  contentType: string;
  /** The boundary string separating the parts (also inside `contentType`). */
  boundary: string;
  /** Exact byte length, or undefined when some file has an unknown size. */
  contentLength: number | undefined;
  /** False when a file is a one-shot stream: such a body cannot be sent twice. */
  replayable: boolean;
  /**
   * A fresh stream of the body; once `signal` aborts, no file is read any more. `recycle`: the
   * consumer is done with each chunk before it pulls the next (Node's own fetch), so files that
   * offer a `recyclingStream()` are read through it.
   */
  stream(signal?: AbortSignal, recycle?: boolean): ReadableStream<Uint8Array>;
}

const MIN_CHUNK_SIZE = 64 * 1024;
const MAX_CHUNK_SIZE = 1024 * 1024;
const encoder = new TextEncoder();

type Segment = Uint8Array | { file: UploadFile; field: string; maxBytes: number | undefined };

/** Builds a streamable multipart/form-data body from text fields and files, with its exact length when every size is known. */
export function createMultipartBody(
  fields: readonly MultipartField[],
  options: MultipartBodyOptions = {},
): MultipartBody {
  const boundary = options.boundary ?? randomBoundary();
  assertBoundary(boundary);
  if (
    options.chunkSize !== undefined &&
    !(Number.isSafeInteger(options.chunkSize) && options.chunkSize > 0)
  ) {
    throw new RangeError(`chunkSize must be a positive integer, got ${options.chunkSize}`);
  }

  const segments: Segment[] = [];
  for (const field of fields) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(field.name)}"`;
    if ('file' in field) {
      const type = field.file.type || 'application/octet-stream';
      if (/[\r\n]/.test(type)) {
        throw new KaleyraValidationError({
          field: field.name,
          rule: 'type-format',
          message: 'content type must not contain line breaks',
        });
      }
      segments.push(
        encoder.encode(
          `${head}; filename="${escapeQuoted(field.file.name)}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
      );
      segments.push({ file: field.file, field: field.name, maxBytes: field.maxBytes });
      segments.push(encoder.encode('\r\n'));
    } else {
      segments.push(encoder.encode(`${head}\r\n\r\n${field.value}\r\n`));
    }
  }
  segments.push(encoder.encode(`--${boundary}--\r\n`));

  let contentLength: number | undefined = 0;
  for (const segment of segments) {
    const length = segment instanceof Uint8Array ? segment.byteLength : segment.file.size;
    contentLength = contentLength === undefined || length === undefined ? undefined : contentLength + length;
  }

  const chunkSize =
    options.chunkSize ??
    Math.min(MAX_CHUNK_SIZE, Math.max(MIN_CHUNK_SIZE, Math.floor((contentLength ?? 0) / 64)));
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    boundary,
    contentLength,
    replayable: segments.every((s) => s instanceof Uint8Array || s.file.replayable),
    stream: (signal, recycle = false) =>
      streamSegments(segments, contentLength, chunkSize, options.onProgress, signal, recycle),
  };
}

/**
 * Builds a web FormData instead, for runtimes whose fetch cannot send a streamed request body
 * (browsers over HTTP/1.1, some edge runtimes). It reads every file into memory: small files only.
 */
export async function toFormData(fields: readonly MultipartField[]): Promise<FormData> {
  const form = new FormData();
  for (const field of fields) {
    if ('file' in field) {
      const blob = await new Response(field.file.stream()).blob();
      if (field.maxBytes !== undefined && blob.size > field.maxBytes) {
        throw new KaleyraValidationError({
          field: field.name,
          rule: 'max-bytes',
          message: `is ${blob.size} bytes; the limit is ${field.maxBytes} bytes`,
        });
      }
      form.append(field.name, new Blob([blob], { type: field.file.type }), field.file.name);
    } else {
      form.append(field.name, field.value);
    }
  }
  return form;
}

function streamSegments(
  segments: readonly Segment[],
  total: number | undefined,
  chunkSize: number,
  onProgress: MultipartBodyOptions['onProgress'],
  signal: AbortSignal | undefined,
  recycle: boolean,
): ReadableStream<Uint8Array> {
  let index = 0;
  let pending: Uint8Array | undefined; // the rest of a chunk larger than chunkSize
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let fileBytes = 0;
  let sent = 0;
  // Set once the consumer cancels (a timeout, an abort): a pull already under way must not read on.
  let cancelled = false;
  // fetch may go on pulling a request body after its request was aborted; the file must not be read on.
  const stop = () => {
    cancelled = true;
    reader?.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', stop, { once: true });

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
    const chunk = bytes.byteLength > chunkSize ? bytes.subarray(0, chunkSize) : bytes;
    pending = bytes.byteLength > chunkSize ? bytes.subarray(chunkSize) : undefined;
    controller.enqueue(chunk);
    sent += chunk.byteLength;
    onProgress?.(sent, total);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Loop only past empty pieces: every call enqueues at most one chunk, so memory and
        // progress both follow what the consumer has actually taken.
        for (;;) {
          if (cancelled) return controller.error(signal?.reason ?? new Error('the upload was stopped'));
          if (pending !== undefined) return emit(controller, pending);
          const segment = segments[index];
          if (segment === undefined) {
            signal?.removeEventListener('abort', stop);
            return controller.close();
          }
          if (segment instanceof Uint8Array) {
            index++;
            if (segment.byteLength > 0) return emit(controller, segment);
            continue;
          }
          reader ??= (
            recycle && segment.file.recyclingStream ? segment.file.recyclingStream() : segment.file.stream()
          ).getReader();
          const result = await reader.read();
          if (cancelled) {
            await reader.cancel().catch(() => undefined);
            return controller.error(signal?.reason ?? new Error('the upload was stopped'));
          }
          if (!result.done) {
            fileBytes += result.value.byteLength;
            if (segment.maxBytes !== undefined && fileBytes > segment.maxBytes) {
              await reader.cancel().catch(() => undefined);
              throw new KaleyraValidationError({
                field: segment.field,
                rule: 'max-bytes',
                message: `is over ${segment.maxBytes} bytes (counted while sending a stream of undeclared size); the upload was stopped`,
              });
            }
            if (result.value.byteLength > 0) return emit(controller, result.value);
            continue;
          }
          reader = undefined;
          index++;
          // The Content-Length promised up front is already on the wire; a file that grew or
          // shrank since it was measured would corrupt the body, so fail instead.
          if (segment.file.size !== undefined && fileBytes !== segment.file.size) {
            throw new Error(
              `a file part produced ${fileBytes} bytes but its size was ${segment.file.size}; was it modified during the upload?`,
            );
          }
          fileBytes = 0;
        }
      },
      async cancel(reason) {
        cancelled = true;
        signal?.removeEventListener('abort', stop);
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `----KaleyraFormBoundary${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function assertBoundary(boundary: string): void {
  // RFC 2046 allows more characters (space, "(", ":", "?", ...), but those are tspecials that
  // would need quoting in the Content-Type header, which some servers parse naively.
  if (!/^[0-9A-Za-z'+_.-]{1,70}$/.test(boundary)) {
    throw new KaleyraValidationError({
      field: 'boundary',
      rule: 'boundary-format',
      message: "must be 1–70 characters from A–Z a–z 0–9 ' + _ . -",
    });
  }
}

/**
 * Escapes a name or filename the way the WHATWG HTML multipart encoder (and so every browser
 * and undici) does: a quote or line break cannot end the quoted string or forge a header.
 */
export function escapeQuoted(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
