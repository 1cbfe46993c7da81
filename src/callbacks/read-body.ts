import { rejection, type CallbackRejection } from './rejection.js';

export type BodyText = { ok: true; text: string } | { ok: false; rejection: CallbackRejection };

/**
 * Reads a request body as UTF-8, giving up as soon as it passes maxBytes: the stream is cancelled
 * rather than drained, so a hostile sender cannot make the process hold more than the limit.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<BodyText> {
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
  const decoder = new TextDecoder('utf-8');
  let received = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      text += decoder.decode(value, { stream: true });
    }
    return { ok: true, text: text + decoder.decode() };
  } catch {
    return { ok: false, rejection: rejection('unreadable-body', 'The request body could not be read.') };
  } finally {
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
