import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundaryFromContentType, parseMultipart, type RecordedPart } from './multipart-parser.js';

export type { RecordedPart } from './multipart-parser.js';
export { MultipartParseError } from './multipart-parser.js';

export interface RecordedRequest {
  method: string;
  /** Raw request target, query string included. */
  path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
  json?: unknown;
  /** Set for application/x-www-form-urlencoded bodies. */
  form?: Record<string, string>;
  /**
   * Set for multipart/form-data bodies. Reading it on a malformed body throws a
   * MultipartParseError naming the defect, so a test that looks at parts fails loudly.
   */
  parts?: RecordedPart[];
  /** The parse failure behind a throwing `parts`, for tests that want to assert it. */
  multipartError?: string;
  /** undefined when the request carried no Content-Length header. */
  contentLengthMatched: boolean | undefined;
  chunked: boolean;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Wait this long after the body arrived before answering. */
  delayMs?: number;
  /** Drop the connection instead of answering, after the body arrived. */
  destroySocket?: boolean;
}

export interface RecordingServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43121 */
  url: string;
  requests: RecordedRequest[];
  /** Queue responses; once the queue is empty every request gets `defaultResponse(path)`. */
  respondWith(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

export const DEFAULT_RESPONSE: Readonly<ScriptedResponse> = Object.freeze({
  status: 202,
  body: { code: 'WA202', message: 'Request Processed Successfully', data: {}, error: {} },
});

/**
 * The accepted answer the document describes for a path, with the ids the SDK requires (a send's
 * message id, an upload's id): the SDK refuses a 2xx answer that lacks them as unexpected.
 */
export function defaultResponse(path: string): Readonly<ScriptedResponse> {
  const data = /^\/v1\/[^/]+\/messages/.test(path)
    ? [{ id: 'test-recipient-0', message_id: 'test-message-0', recipient: '', status: 'sent' }]
    : /\/messages$/.test(path)
      ? { message_id: 'test-message-0' }
      : /\/resumable_media$/.test(path)
        ? { id: 'test-upload-0', status: 'PENDING' }
        : /\/media$/.test(path)
          ? { id: 'test-media-0' }
          : {};
  return { ...DEFAULT_RESPONSE, body: { ...(DEFAULT_RESPONSE.body as object), data } };
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`recording server failed: ${String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = new Uint8Array(Buffer.concat(chunks));
    requests.push(record(req, body));

    const scripted = queue.shift() ?? defaultResponse(new URL(req.url ?? '/', 'http://x').pathname);
    if (scripted.delayMs) await sleep(scripted.delayMs);
    if (scripted.destroySocket) {
      req.socket.destroy();
      return;
    }
    const isText = typeof scripted.body === 'string';
    const payload =
      scripted.body === undefined ? '' : isText ? (scripted.body as string) : JSON.stringify(scripted.body);
    const headers: Record<string, string> = {};
    if (scripted.body !== undefined)
      headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json';
    Object.assign(headers, lowerKeys(scripted.headers ?? {}));
    res.writeHead(scripted.status ?? 200, headers);
    res.end(payload);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (...responses) => void queue.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps idle sockets alive; without this close() waits for their timeout.
        server.closeAllConnections();
      }),
  };
}

function record(req: IncomingMessage, body: Uint8Array): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headersDistinct)) {
    if (value) headers[key.toLowerCase()] = value.join(', ');
  }
  const declaredLength = headers['content-length'];
  const text = new TextDecoder().decode(body);
  const recorded: RecordedRequest = {
    method: req.method ?? '',
    path: req.url ?? '',
    headers,
    body,
    text,
    contentLengthMatched: declaredLength === undefined ? undefined : Number(declaredLength) === body.length,
    chunked: /\bchunked\b/i.test(headers['transfer-encoding'] ?? ''),
  };

  const contentType = headers['content-type'] ?? '';
  if (/^application\/json\b/i.test(contentType) && text.length > 0) {
    try {
      recorded.json = JSON.parse(text);
    } catch {
      // Leave json unset: a test expecting JSON then fails on the missing value.
    }
  } else if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    recorded.form = Object.fromEntries(new URLSearchParams(text));
  }

  const boundary = boundaryFromContentType(contentType);
  if (/^multipart\/form-data\b/i.test(contentType)) {
    try {
      if (boundary === undefined) throw new Error('multipart content-type without boundary');
      recorded.parts = parseMultipart(body, boundary);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      recorded.multipartError = message;
      Object.defineProperty(recorded, 'parts', {
        enumerable: false,
        get() {
          throw new Error(`malformed multipart body: ${message}`);
        },
      });
    }
  }
  return recorded;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
