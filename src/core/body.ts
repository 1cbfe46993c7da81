import { createMultipartBody, toFormData, type MultipartField } from '../files/multipart-body.js';

/**
 * A request body in the form the transport needs: produced afresh for each attempt (a retried
 * upload reads its file again instead of replaying bytes kept in memory), with the headers that
 * belong to it. The one home of body encoding: JSON, url-encoded form, streamed multipart, and
 * the FormData fallback for runtimes that cannot stream a request body.
 */
export interface EncodedBody {
  /**
   * A fresh body for one attempt; a streamed one stops reading its file once `signal` aborts.
   * `recycle`: the fetch it goes to is done with each chunk before pulling the next (see
   * `nodeFetchReleasesChunks`), so a file may be read into reused buffers.
   */
  produce(signal?: AbortSignal, recycle?: boolean): BodyInit;
  /** False for a one-shot stream: such a body is never sent twice. */
  readonly replayable: boolean;
  /** Headers that belong to this body (a multipart Content-Type with its boundary, its length). */
  readonly headers: Readonly<Record<string, string>>;
  /** A ReadableStream body: fetch needs `duplex: 'half'` for it. */
  readonly streamed: boolean;
  /** Called once the answer is a success: the last progress report (100%) waits for it. */
  succeeded(): void;
}

/** Upload progress: bytes handed to the connection so far, and the total when known. */
export type ProgressListener = (sent: number, total: number | undefined) => void;

/** A JSON body. */
export function jsonBody(value: unknown): EncodedBody {
  return textBody(JSON.stringify(value), 'application/json');
}

/**
 * A form body: url-encoded when every field is text (what most v1 pages send), multipart when a
 * file is attached.
 */
export function formBody(
  fields: Readonly<Record<string, string>>,
  files: readonly MultipartField[] = [],
): Promise<EncodedBody> | EncodedBody {
  if (files.length === 0)
    return textBody(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  return multipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), ...files]);
}

/**
 * A multipart body: a stream with its exact length where the runtime can send one, so a large
 * file is never held in memory; elsewhere FormData (which holds the file, and reports no progress).
 */
export async function multipartBody(
  parts: readonly MultipartField[],
  onProgress?: ProgressListener,
): Promise<EncodedBody> {
  if (!canStreamRequestBodies()) {
    const form = await toFormData(parts);
    // fetch writes the multipart Content-Type with its boundary itself; setting one would lose it.
    return {
      produce: () => form,
      replayable: true,
      headers: {},
      streamed: false,
      succeeded: () => undefined,
    };
  }
  const progress = onProgress === undefined ? undefined : heldFinalReport(onProgress);
  const body = createMultipartBody(parts, progress ? { onProgress: progress.report } : {});
  const headers: Record<string, string> = { 'content-type': body.contentType };
  // With the exact length, fetch sends a plain body instead of chunked encoding, which some
  // gateways refuse for uploads.
  if (body.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
  return {
    produce: (signal, recycle) => {
      // A new attempt: the one before it got an answer (a 429, say) after all its bytes were sent.
      progress?.release();
      return body.stream(signal, recycle);
    },
    replayable: body.replayable,
    headers,
    streamed: true,
    succeeded: () => progress?.release(),
  };
}

// Every JSON send makes one: methods, not closures (the build names each closure it makes).
function textBody(text: string, contentType: string): EncodedBody {
  return {
    produce() {
      return text;
    },
    replayable: true,
    headers: { 'content-type': contentType },
    streamed: false,
    succeeded() {},
  };
}

/**
 * Passes progress reports on, except the one that says "all sent": every byte can be handed to
 * the connection and the upload still fail (a timeout, a 5xx), and a failed upload must never
 * have shown 100%. That report is given once the answer is a success, or when a retry starts
 * (the attempt before it was answered, so its bytes all went out).
 */
function heldFinalReport(onProgress: ProgressListener) {
  let held: [number, number] | undefined;
  return {
    report(sent: number, total: number | undefined) {
      if (total !== undefined && sent >= total) held = [sent, total];
      else onProgress(sent, total);
    },
    release() {
      if (held !== undefined) onProgress(held[0], held[1]);
      held = undefined;
    },
  };
}

/**
 * Whether `fetchImpl` is Node's own global fetch, untouched. Recognised by Node's wrapper source,
 * which loads undici lazily; a wrapped or replaced fetch (a mock, an interceptor that reads or tees
 * the body), or any other runtime's, answers false.
 */
export function isNodeFetch(fetchImpl: typeof fetch): boolean {
  try {
    return Function.prototype.toString.call(fetchImpl).includes("'internal/deps/undici/undici'");
  } catch {
    return false;
  }
}

const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Whether Node's fetch is done with each chunk of a streamed request body before it pulls the
 * next, so the chunks may live in reused buffers. Its default dispatcher, an undici `Agent`, writes
 * each chunk to the socket and waits for it to drain first. Anyone may replace that dispatcher
 * (undici's MockAgent, say, which may collect the body), so it is checked at each send: no
 * dispatcher yet (fetch not used so far) or an `Agent`, nothing else.
 */
export function nodeFetchReleasesChunks(): boolean {
  return nodeFetchHasDefaultDispatcher();
}

/** Whether Node's fetch runs on its default dispatcher: none set yet, or undici's plain `Agent`. */
export function nodeFetchHasDefaultDispatcher(): boolean {
  const dispatcher: unknown = Reflect.get(globalThis, UNDICI_GLOBAL_DISPATCHER);
  if (dispatcher === undefined) return true;
  return typeof dispatcher === 'object' && dispatcher !== null && dispatcher.constructor.name === 'Agent';
}

let streamsSupported: boolean | undefined;

/**
 * Whether to send multipart bodies as a stream. The runtime's fetch must accept a ReadableStream
 * request body (Node, Deno, Bun and Workers do), and it must not be a browser: Chromium accepts
 * the stream but sends it only over HTTP/2 or QUIC, failing on HTTP/1.1, and a page cannot know
 * the protocol before sending. Browsers get FormData instead.
 */
export function canStreamRequestBodies(): boolean {
  streamsSupported ??= !isBrowser() && fetchAcceptsStreams();
  return streamsSupported;
}

function isBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined';
}

/**
 * A runtime that cannot send a stream body stringifies it, which adds a text Content-Type (the
 * standard feature test). Node also reads the `duplex` member; Deno and Bun accept streams
 * without it, so the missing Content-Type alone decides.
 */
function fetchAcceptsStreams(): boolean {
  try {
    const request = new Request('http://localhost/', {
      method: 'POST',
      body: new ReadableStream(),
      duplex: 'half',
    } as RequestInit);
    return !request.headers.has('Content-Type');
  } catch {
    return false;
  }
}
