import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  decideCallback,
  startInbox,
  type CallbackHandlerOptions,
  type CallbackSource,
} from '../callbacks/callback-outcome.js';
import { deliverEvent, type CallbackEventHandler } from '../callbacks/deliver-event.js';
import { consumedBodyStream, parsedBodyOf, type ParsedBody } from './parsed-body.js';
import { BodyDeadline } from '../callbacks/body-deadline.js';
import { callbackBodyLimit } from '../callbacks/parse-callback.js';
import {
  bodyTimedOut,
  bodyTooLarge,
  decodeBody,
  DEFAULT_BODY_TIMEOUT_MS,
  type BodyText,
} from '../callbacks/read-body.js';
import type { CallbackRequestParts } from '../callbacks/read-payload.js';
import { rejection } from '../callbacks/rejection.js';

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
  return webRequest(req, options.baseUrl, true);
}

function webRequest(req: IncomingMessage, baseUrl: string | URL | undefined, withBody: boolean): Request {
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
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (withBody && method !== 'GET' && method !== 'HEAD') {
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
  return new Request(requestUrl(req, baseUrl), init);
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
        // The Error is built only for a body cut short: 'close' follows every request, and an
        // Error (with its stack) per callback was a twentieth of the receiver's time.
        req.once('close', () => {
          if (!finished) fail(new Error('request closed before its body ended'));
        });
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

const UNREADABLE = (): BodyText => ({
  ok: false,
  rejection: rejection('unreadable-body', 'The request body could not be read.'),
});

/**
 * Reads a node:http body whole, straight from the socket's Buffers: no web stream, reader or
 * per-chunk decode between them. Stops taking data (left paused, not drained) past maxBytes or
 * after timeoutMs, the same guarantees as readBodyText. The listeners are inline and stay attached
 * (a settled read ignores them): a named closure per listener, and removing each, cost more per
 * callback than the rest of the read.
 */
function readNodeBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyText> {
  const declared = Number(req.headers['content-length'] ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(bodyTooLarge(maxBytes));
  // Consumed already (a body parser ran first): waiting for an 'end' that has come would only time out.
  if (req.readableEnded) return Promise.resolve(UNREADABLE());
  return new Promise<BodyText>((resolve) => {
    const read = new NodeBodyRead(req, resolve);
    read.deadline = new BodyDeadline(timeoutMs, () => read.settle(bodyTimedOut(timeoutMs)));
    req.on('data', (chunk: Buffer | string) => read.take(chunk, maxBytes));
    req.on('end', () => read.end());
    req.on('error', () => read.settle(UNREADABLE()));
    req.on('close', () => read.settle(UNREADABLE()));
  });
}

/** A body a parser already read, held to the same size cap and UTF-8 rule as one read from the socket. */
function parsedBodyText(parsed: ParsedBody, maxBytes: number): BodyText {
  const bytes = typeof parsed.body === 'string' ? Buffer.from(parsed.body) : parsed.body;
  if (bytes.byteLength > maxBytes) return bodyTooLarge(maxBytes);
  return decodeBody([bytes], bytes.byteLength);
}

/** The state of one body read: what has arrived, and the one answer it gives. */
class NodeBodyRead {
  chunks: Uint8Array[] = [];
  received = 0;
  settled = false;
  deadline: BodyDeadline | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly resolve: (result: BodyText) => void,
  ) {}

  take(chunk: Buffer | string, maxBytes: number): void {
    if (this.settled) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.received += bytes.byteLength;
    if (this.received > maxBytes) this.settle(bodyTooLarge(maxBytes));
    else this.chunks.push(bytes);
  }

  end(): void {
    if (!this.settled) this.settle(decodeBody(this.chunks, this.received));
  }

  settle(result: BodyText): void {
    if (this.settled) return;
    this.settled = true;
    this.deadline?.cancel();
    if (!result.ok) this.req.pause();
    this.chunks = [];
    this.resolve(result);
  }
}

/**
 * A node:http request as the shared decision reads it. A class, not an object of closures: its
 * methods are made once, where closures would be made (and named) for every callback.
 */
class NodeCallbackSource implements CallbackSource, CallbackRequestParts {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | null;

  /** What a body parser that ran first (Express's express.json()) left on `req.body`. */
  private readonly parsed: ParsedBody | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly baseUrl: string | URL | undefined,
    private readonly maxBodyBytes: number,
    private readonly timeoutMs: number,
  ) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.parsed = req.readableEnded ? parsedBodyOf(req) : undefined;
    this.contentType = this.parsed?.contentType ?? req.headers['content-type'] ?? null;
  }

  get parts(): CallbackRequestParts {
    return this;
  }

  /** authorize sees a web Request without the body, which it must not read. */
  request(): Request {
    return webRequest(this.req, this.baseUrl, false);
  }

  readBody(): Promise<BodyText> {
    if (this.parsed !== undefined) return Promise.resolve(parsedBodyText(this.parsed, this.maxBodyBytes));
    return readNodeBody(this.req, this.maxBodyBytes, this.timeoutMs);
  }
}

export interface NodeCallbackHandlerOptions extends CallbackHandlerOptions, ToWebRequestOptions {}

/**
 * A node:http `(req, res)` listener (also fits Express and Fastify's raw request). Without an
 * inbox the answer is written before `onEvent` starts, so a slow handler never makes Kaleyra wait
 * or retry, and its failures go to `onError`; with one, the answer waits for the event to be
 * recorded and the inbox delivers it.
 */
export function createNodeCallbackHandler(
  onEvent: CallbackEventHandler,
  options: NodeCallbackHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  startInbox(onEvent, options);
  const maxBodyBytes = callbackBodyLimit(options.maxBodyBytes);
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return (req, res) => {
    void handle(req, res);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let outcome;
    try {
      outcome = await decideCallback(
        new NodeCallbackSource(req, options.baseUrl, maxBodyBytes, timeoutMs),
        options,
      );
    } catch {
      outcome = { status: 400, body: JSON.stringify({ ok: false, error: 'invalid-request' }) };
    }
    try {
      if (!res.headersSent) {
        const headers: Record<string, string | number> = {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'content-length': Buffer.byteLength(outcome.body),
        };
        // An unread body (refused before or while reading) is not drained; closing is cheaper and bounded.
        if (!req.complete) headers.connection = 'close';
        res.writeHead(outcome.status, headers);
      }
      res.end(outcome.body);
    } catch {
      // The client went away; the event is still handed over below.
    }
    if (outcome.event !== undefined) void deliverEvent(onEvent, outcome.event, options.onError);
  }
}
