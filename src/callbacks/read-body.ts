import { rejection, type CallbackRejection } from './rejection.js';

/** How long a callback body may take to arrive, by default. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export type BodyText = { ok: true; text: string } | { ok: false; rejection: CallbackRejection };

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
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  const body = request.body;
  if (body === null) return { ok: true, text: '' };

  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return { ok: false, rejection: rejection('unreadable-body', 'The request body was already read.') };
  }
  // Fatal: a body that is not UTF-8 is refused, not read with replacement characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let received = 0;
  let text = '';
  // A sender trickling a body byte by byte must not hold the connection open: the whole read has
  // a deadline. When it passes, the reader is cancelled, which ends the pending read.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => undefined);
  }, timeoutMs);
  const late = (): BodyText => ({
    ok: false,
    rejection: rejection('body-timeout', `The request body did not arrive within ${timeoutMs} ms.`),
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return late();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      text += decoder.decode(value, { stream: true });
    }
    return { ok: true, text: text + decoder.decode() };
  } catch (error) {
    if (timedOut) return late();
    if (error instanceof TypeError && /encoded|decode/i.test(error.message)) {
      return { ok: false, rejection: rejection('invalid-utf8', 'The request body is not valid UTF-8.') };
    }
    return { ok: false, rejection: rejection('unreadable-body', 'The request body could not be read.') };
  } finally {
    clearTimeout(timer);
    try {
      reader.releaseLock();
    } catch {
      // A cancelled or errored reader may refuse; the body is abandoned either way.
    }
  }
}

function tooLarge(maxBytes: number): BodyText {
  return { ok: false, rejection: rejection('body-too-large', `The request body exceeds ${maxBytes} bytes.`) };
}
