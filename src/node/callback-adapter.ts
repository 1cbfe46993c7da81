import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerCallback,
  decideCallback,
  startInbox,
  type CallbackHandlerOptions,
  type CallbackOutcome,
  type CallbackSource,
} from '../callbacks/callback-outcome.js';
import { deliverEvent, type CallbackEventHandler } from '../callbacks/deliver-event.js';
import { consumedBodyStream, parsedBodyOf, type ParsedBody } from './parsed-body.js';
import { BodyDeadline } from '../callbacks/body-deadline.js';
import {
  callbackBodyLimit,
  callbackOfPayload,
  type CallbackParseResult,
} from '../callbacks/parse-callback.js';
import {
  bodyTimedOut,
  bodyTooLarge,
  decodeBody,
  DEFAULT_BODY_TIMEOUT_MS,
  type BodyText,
} from '../callbacks/read-body.js';
import { payloadBeforeBody, payloadOfBody, type CallbackRequestParts } from '../callbacks/read-payload.js';
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
 * per-chunk decode between them, and no promise: `done` gets the text (or the refusal) once.
 * Stops taking data (left paused, not drained) past maxBytes or after timeoutMs, the same
 * guarantees as readBodyText. The listeners stay attached (a settled read ignores them): removing
 * each cost more per callback than the rest of the read.
 */
function readNodeBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
  done: (body: BodyText) => void,
): void {
  const declared = Number(req.headers['content-length'] ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) return done(bodyTooLarge(maxBytes));
  // Consumed already (a body parser ran first): waiting for an 'end' that has come would only time out.
  if (req.readableEnded) return done(UNREADABLE());
  const read = new NodeBodyRead(req, maxBytes, done);
  read.deadline = new BodyDeadline(timeoutMs, () => read.settle(bodyTimedOut(timeoutMs)));
  req.on('data', (chunk: Buffer | string) => read.take(chunk));
  req.on('end', () => read.end());
  // 'close' follows every request, ended or not: only an unsettled read builds a refusal for it.
  req.on('error', () => read.fail());
  req.on('close', () => read.fail());
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
    private readonly maxBytes: number,
    private readonly done: (body: BodyText) => void,
  ) {}

  take(chunk: Buffer | string): void {
    if (this.settled) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.received += bytes.byteLength;
    if (this.received > this.maxBytes) this.settle(bodyTooLarge(this.maxBytes));
    else this.chunks.push(bytes);
  }

  end(): void {
    if (!this.settled) this.settle(decodeBody(this.chunks, this.received));
  }

  fail(): void {
    if (!this.settled) this.settle(UNREADABLE());
  }

  settle(result: BodyText): void {
    if (this.settled) return;
    this.settled = true;
    this.deadline?.cancel();
    if (!result.ok) this.req.pause();
    this.chunks = [];
    this.done(result);
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
  readonly keepsBodyText: boolean;

  /** What a body parser that ran first (Express's express.json()) left on `req.body`. */
  private readonly parsed: ParsedBody | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly baseUrl: string | URL | undefined,
    private readonly maxBodyBytes: number,
    private readonly timeoutMs: number,
    keepsBodyText: boolean,
  ) {
    this.keepsBodyText = keepsBodyText;
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
    return new Promise((resolve) => this.readBodyThen(resolve));
  }

  /** Reads the body and hands it to `done`, without a promise. */
  readBodyThen(done: (body: BodyText) => void): void {
    if (this.parsed !== undefined) done(parsedBodyText(this.parsed, this.maxBodyBytes));
    else readNodeBody(this.req, this.maxBodyBytes, this.timeoutMs, done);
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

  function respond(req: IncomingMessage, res: ServerResponse, outcome: CallbackOutcome): void {
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

  /** Answers a parsed callback: at once without an inbox, once recorded with one. */
  function answer(req: IncomingMessage, res: ServerResponse, result: CallbackParseResult): void {
    const outcome = answerCallback(result, options);
    if (outcome instanceof Promise) void outcome.then((settled) => respond(req, res, settled));
    else respond(req, res, outcome);
  }

  return (req, res) => {
    try {
      const source = new NodeCallbackSource(
        req,
        options.baseUrl,
        maxBodyBytes,
        timeoutMs,
        options.inbox !== undefined,
      );
      if (options.authorize !== undefined) {
        // authorize needs a web Request and may be async: the shared decision, with its promises.
        decideCallback(source, options).then(
          (outcome) => respond(req, res, outcome),
          () => respond(req, res, INVALID_REQUEST),
        );
        return;
      }
      // Otherwise the callback is read, parsed and answered with no promise between the socket and the answer.
      const before = payloadBeforeBody(source);
      if (typeof before !== 'string') {
        // A turn later, as before: the listener runs before node:http has marked a body-less GET
        // complete, and answering now would close a keep-alive connection that need not be.
        queueMicrotask(() => {
          try {
            answer(req, res, callbackOfPayload(before, options));
          } catch {
            respond(req, res, INVALID_REQUEST);
          }
        });
        return;
      }
      source.readBodyThen((body) => {
        try {
          answer(
            req,
            res,
            body.ok
              ? callbackOfPayload(payloadOfBody(before, body.text, source.url, source.keepsBodyText), options)
              : body,
          );
        } catch {
          respond(req, res, INVALID_REQUEST);
        }
      });
    } catch {
      respond(req, res, INVALID_REQUEST);
    }
  };
}

const INVALID_REQUEST: CallbackOutcome = {
  status: 400,
  body: JSON.stringify({ ok: false, error: 'invalid-request' }),
};
