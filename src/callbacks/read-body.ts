import { BodyDeadline } from './body-deadline.js';
import { rejection, type CallbackRejection } from './rejection.js';

/** How long a callback body may take to arrive, by default. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export type BodyText = { ok: true; text: string } | { ok: false; rejection: CallbackRejection };

// Fatal: a body that is not UTF-8 is refused, not read with replacement characters. Used without
// `stream`, a decode call keeps no state, so one decoder serves every request.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as UTF-8, giving up as soon as it passes maxBytes: the stream is cancelled
 * rather than drained, so a hostile sender cannot make the process hold more than the limit.
 */
export async function readBodyText(
  request: Request,
  maxBytes: number,
  timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS,
): Promise<BodyText> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) return bodyTooLarge(maxBytes);
  const body = request.body;
  if (body === null) return { ok: true, text: '' };

  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return { ok: false, rejection: rejection('unreadable-body', 'The request body was already read.') };
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  // A sender trickling a body byte by byte must not hold the connection open: the whole read has
  // a deadline. When it passes, the reader is cancelled, which ends the pending read.
  let timedOut = false;
  const deadline = new BodyDeadline(timeoutMs, () => {
    timedOut = true;
    reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return bodyTimedOut(timeoutMs);
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        reader.cancel().catch(() => undefined);
        return bodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    if (timedOut) return bodyTimedOut(timeoutMs);
    return { ok: false, rejection: rejection('unreadable-body', 'The request body could not be read.') };
  } finally {
    deadline.cancel();
  }
  // The reader of a stream read to its end, cancelled or errored is left locked: releasing it would
  // only build a TypeError (and a rejected promise) for its closed promise, a tenth of parseCallback's
  // own time, and such a body can never be read again anyway.
  return decodeBody(chunks, received);
}

/**
 * The text of a body read whole, in chunks (`received` bytes in all): decoded once at the end,
 * which costs less than a streaming decode per chunk and gives the same answer.
 */
export function decodeBody(chunks: readonly Uint8Array[], received: number): BodyText {
  let bytes: Uint8Array;
  if (chunks.length === 1) bytes = chunks[0]!;
  else {
    bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, rejection: rejection('invalid-utf8', 'The request body is not valid UTF-8.') };
  }
}

/** The refusal of a body longer than maxBytes. */
export function bodyTooLarge(maxBytes: number): BodyText {
  return { ok: false, rejection: rejection('body-too-large', `The request body exceeds ${maxBytes} bytes.`) };
}

/** The refusal of a body that did not arrive within timeoutMs. */
export function bodyTimedOut(timeoutMs: number): BodyText {
  return {
    ok: false,
    rejection: rejection('body-timeout', `The request body did not arrive within ${timeoutMs} ms.`),
  };
}
