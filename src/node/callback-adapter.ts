import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideCallback, type CallbackHandlerOptions } from '../callbacks/callback-outcome.js';
import { deliverEvent, type CallbackEventHandler } from '../callbacks/deliver-event.js';
import { consumedBodyStream, parsedBodyOf } from './parsed-body.js';

export interface ToWebRequestOptions {
  /** Origin for the request URL, e.g. `https://hooks.example.com`. Default: `http://` plus the Host header. */
  baseUrl?: string | URL;
}

/**
 * A web Request over a node:http request. The body is streamed with one chunk in flight, so a
 * size limit applied by the reader really bounds memory; Readable.toWeb() can read far ahead of
 * its consumer (nodejs/node#46347).
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions = {}): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    try {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    } catch {
      // A header Headers refuses (odd bytes) is dropped rather than failing the whole request.
    }
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    // A body parser that ran first (Express's express.json()) has read the stream: its result is used.
    const parsed = parsedBodyOf(req);
    if (parsed !== undefined) {
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
      if (parsed.contentType !== undefined) headers.set('content-type', parsed.contentType);
      init.body = parsed.body;
    } else {
      init.body = req.readableEnded ? consumedBodyStream() : nodeBodyStream(req);
      init.duplex = 'half';
    }
  }
  return new Request(requestUrl(req, options.baseUrl), init);
}

function requestUrl(req: IncomingMessage, baseUrl: string | URL | undefined): string {
  const path = req.url ?? '/';
  try {
    return new URL(path, baseUrl ?? `http://${req.headers.host ?? 'localhost'}`).href;
  } catch {
    // A Host header that is not a host must not stop the callback from being read.
    try {
      return new URL(path, 'http://localhost').href;
    } catch {
      return 'http://localhost/';
    }
  }
}

function nodeBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer | string) => {
          if (finished) return;
          const bytes =
            typeof chunk === 'string'
              ? new TextEncoder().encode(chunk)
              : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          controller.enqueue(bytes);
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (finished) return;
          finished = true;
          controller.close();
        });
        const fail = (error: unknown) => {
          if (finished) return;
          finished = true;
          controller.error(error instanceof Error ? error : new Error('request aborted'));
        };
        req.once('error', fail);
        req.once('close', () => fail(new Error('request closed before its body ended')));
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Left paused, not drained: the handler answers with `Connection: close` instead of reading the rest.
        finished = true;
        req.pause();
      },
    },
    { highWaterMark: 1 },
  );
}

export interface NodeCallbackHandlerOptions extends CallbackHandlerOptions, ToWebRequestOptions {}

/**
 * A node:http `(req, res)` listener (also fits Express and Fastify's raw request). The answer is
 * written before `onEvent` starts, so a slow handler never makes Kaleyra wait or retry; its
 * failures go to `onError`.
 */
export function createNodeCallbackHandler(
  onEvent: CallbackEventHandler,
  options: NodeCallbackHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let outcome;
    try {
      outcome = await decideCallback(toWebRequest(req, options), options);
    } catch {
      outcome = { status: 400, body: JSON.stringify({ ok: false, error: 'invalid-request' }) };
    }
    try {
      if (!res.headersSent) {
        res.statusCode = outcome.status;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        // An unread body (refused before or while reading) is not drained; closing is cheaper and bounded.
        if (!req.complete) res.setHeader('connection', 'close');
      }
      res.end(outcome.body);
    } catch {
      // The client went away; the event is still handed over below.
    }
    if (outcome.event !== undefined) void deliverEvent(onEvent, outcome.event, options.onError);
  }
}
