import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createCallbackDispatcher } from '../testing/callback-dispatcher.js';
import type { CallbackAuth } from '../testing/deliver-callback.js';
import type { FailurePlan, InjectedFailure } from '../testing/failure-plan.js';
import { withFreshIds } from '../testing/fresh-ids.js';
import { createOperationMatcher, fileFields } from '../testing/operations.js';
import { serveSampleMedia } from '../testing/sample-media.js';
import { callbacksFor } from '../testing/send-callbacks.js';
import { errorExample, exampleValue, type OpenApiDocument } from '../testing/spec-document.js';
import { isObject } from '../testing/json-walk.js';
import { MultipartScanError, scanMultipart } from './multipart-scan.js';

/** Prism's own cap; JSON and form bodies larger than this are refused before Prism sees them. */
const MAX_PLAIN_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Part names Prism's multipart parser (parse-multipart-data) misreads: it splits the header at `;`
 * and `=` and JSON-parses what it takes for a file name, outside any handler, so a name like
 * `a;b=c` stops its process. Such a name is refused here, never passed on.
 */
const NAME_PRISM_MISREADS = /[;="\\\p{Cc}]/u;

/** Operations whose fate `--fail` decides: the sends and the uploads. */
const FALLIBLE = new Set(['sendV1Message', 'sendV2Message', 'uploadV2Media', 'uploadResumableMedia']);

export interface MockFrontOptions {
  doc: OpenApiDocument;
  /** Prism, which validates and answers everything but file bytes; requests wait until it is up. */
  prismUrl: Promise<string>;
  host: string;
  port: number;
  /** The callback profile's URL: v2 statuses and upload statuses go there. */
  callbackUrl?: string;
  callbackDelayMs?: number;
  callbackAuth?: CallbackAuth;
  failures?: FailurePlan;
  /** One line per request answered and callback sent. */
  log(line: string): void;
}

export interface MockFront {
  url: string;
  close(): Promise<void>;
}

/**
 * The mock's front door. Prism caps request bodies at 10 MB, while uploads may be 100 MB: file parts
 * are read here as they stream past (counted and checked against the document's `x-max-size-bytes`
 * and `x-file-name-pattern`, never held in memory) and Prism gets the other parts with a short
 * stand-in for each file, so it still validates everything else. Accepted sends get ids of their own
 * and, with a callback URL, the status callbacks Kaleyra would send.
 */
export async function startMockFront(options: MockFrontOptions): Promise<MockFront> {
  const { doc } = options;
  const match = createOperationMatcher(doc);
  const dispatcher = createCallbackDispatcher({
    ...(options.callbackUrl ? { profileTarget: options.callbackUrl } : {}),
    delayMs: options.callbackDelayMs ?? 500,
    ...(options.callbackAuth ? { auth: options.callbackAuth } : {}),
    onDelivery: (callback, outcome) => {
      const where = 'url' in callback.to ? callback.to.url : options.callbackUrl;
      const what =
        callback.delivery.method === 'GET'
          ? `GET ?${new URLSearchParams(callback.delivery.query)}`
          : `POST ${summary(callback.delivery.json)}`;
      options.log(
        'status' in outcome
          ? `callback ${what} -> ${where}: HTTP ${outcome.status}`
          : `callback ${what} -> ${where}: failed (${reason(outcome.error)})`,
      );
    },
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const matched = match(method, url.pathname);
    const header = request.headers['content-type'] ?? '';
    const contentType = header.split(';')[0]!.trim().toLowerCase();
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(typeof body === 'string' ? body : JSON.stringify(body));
      options.log(`${method} ${url.pathname} -> ${status}`);
    };
    const refuse = (problem: string) => {
      options.log(`${method} ${url.pathname}: ${problem}`);
      answer(400, payloadError(doc, problem));
    };

    // Kaleyra's stored copy of incoming media: the samples `kaleyra-wa trigger --media-base-url` points at.
    const served = serveSampleMedia(method, url.pathname, (status, headers, bytes) => {
      request.resume();
      response.writeHead(status, headers).end(bytes);
      options.log(`${method} ${url.pathname} -> ${status}`);
    });
    if (served) return;

    // fetch refuses to send TRACE (a forbidden method; Node's parser already refuses TRACK and hands
    // CONNECT to another event). No operation uses it: 405, as Prism answers a method the document lacks.
    if (method === 'TRACE') {
      request.resume();
      return answer(
        405,
        {
          title: 'Method not allowed',
          status: 405,
          detail: `no operation of the document answers ${method}`,
        },
        { 'content-type': 'application/problem+json' },
      );
    }

    let forwardBody: BodyInit | undefined;
    let fields: unknown;
    let fileName: string | undefined;
    if (method === 'GET' || method === 'HEAD') {
      // fetch cannot send a body with these, and a body means nothing on them (RFC 9110): dropped.
      request.resume();
    } else if (contentType === 'multipart/form-data') {
      const boundary = /boundary="?([^";]+)"?/i.exec(header)?.[1];
      if (!boundary) return refuse('the multipart Content-Type names no boundary');
      let parts;
      try {
        parts = await scanMultipart(Readable.toWeb(request) as ReadableStream<Uint8Array>, boundary, {
          valueBytes: MAX_PLAIN_BODY_BYTES,
        });
      } catch (error) {
        if (!(error instanceof MultipartScanError)) throw error;
        return error.tooLarge ? answer(413, errorExample(doc, 'WA413')) : refuse(error.message);
      }
      const rules = matched ? fileFields(doc, matched.operation) : new Map();
      const form = new FormData();
      const values: Record<string, string> = {};
      let valueBytes = 0;
      for (const part of parts) {
        if (NAME_PRISM_MISREADS.test(part.name))
          return refuse(
            `part name "${part.name}" has a character the mock cannot check (; = " \\ or a control character)`,
          );
        if (part.filename === undefined) {
          if (rules.has(part.name))
            return refuse(`part "${part.name}" must be a file (a part with a filename)`);
          valueBytes += part.bytes;
          if (valueBytes > MAX_PLAIN_BODY_BYTES) return answer(413, errorExample(doc, 'WA413'));
          values[part.name] = part.value ?? '';
          form.append(part.name, part.value ?? '');
          continue;
        }
        fileName ??= part.filename;
        const rule = rules.get(part.name);
        if (rule?.maxBytes !== undefined && part.bytes > rule.maxBytes)
          return answer(413, errorExample(doc, 'WA413'));
        if (rule?.namePattern && !rule.namePattern.test(part.filename))
          return answer(400, exampleValue(doc, 'ErrorWA400FileName'));
        // Prism needs the part, not the bytes: one byte stands in for the file. The file name is
        // checked above; Prism gets a plain stand-in, as it JSON-parses the name (see NAME_PRISM_MISREADS).
        form.append(
          part.name,
          new Blob(['x'], { type: part.contentType ?? 'application/octet-stream' }),
          part.filename.replace(/[^\w.-]/g, '_'),
        );
      }
      fields = values;
      forwardBody = form;
    } else {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > MAX_PLAIN_BODY_BYTES) {
          request.resume();
          return answer(413, errorExample(doc, 'WA413'));
        }
        chunks.push(chunk as Buffer);
      }
      const raw = Buffer.concat(chunks);
      if (raw.length > 0) forwardBody = new Uint8Array(raw);
      fields = parseFields(contentType, raw);
      // Prism would answer with an envelope of its own ({error: {code: 'invalid_json'}}).
      if (matched && contentType === 'application/json' && raw.length > 0 && fields === undefined)
        return refuse('the body is not valid JSON');
    }

    const failure: InjectedFailure | undefined =
      matched && FALLIBLE.has(matched.operationId) ? options.failures?.next() : undefined;
    if (failure?.kind === 'answer') return answer(failure.status, failure.body);

    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || ['host', 'content-length', 'connection', 'transfer-encoding'].includes(name))
        continue;
      if (name === 'content-type' && forwardBody instanceof FormData) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const upstream = await fetch(new URL(url.pathname + url.search, await options.prismUrl), {
      method,
      headers,
      ...(forwardBody ? { body: forwardBody } : {}),
    }).catch((error: unknown) => {
      throw new Error(`Prism, which checks requests behind the mock, did not answer (${reason(error)})`);
    });
    let text = await upstream.text();
    const ok = upstream.status >= 200 && upstream.status < 300;
    let answered: unknown;
    if (ok && matched) {
      try {
        answered = withFreshIds(matched.operationId, JSON.parse(text));
        text = JSON.stringify(answered);
      } catch {
        // Not JSON: pass it on as Prism gave it.
      }
    }
    const passed: Record<string, string> = {};
    for (const name of ['content-type', 'sl-violations']) {
      const value = upstream.headers.get(name);
      if (value) passed[name] = value;
    }
    answer(upstream.status, text, passed);
    if (ok && matched) {
      dispatcher.dispatch(
        callbacksFor(doc, {
          operationId: matched.operationId,
          pathParams: matched.pathParams,
          body: fields,
          response: answered,
          ...(fileName ? { fileName } : {}),
          ...(failure?.kind === 'status' ? { failure } : {}),
        }),
      );
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log(`${request.method} ${request.url} -> 502 (${reason(error)})`);
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          code: 'MOCK_ERROR',
          message: `the mock could not answer: ${reason(error)}`,
          data: {},
          error: { error: reason(error) },
        }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    async close() {
      dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The document's "incorrect payload" WA400, saying what is wrong in `message` and `error.payload`. */
function payloadError(doc: OpenApiDocument, problem: string): unknown {
  const example = exampleValue(doc, 'ErrorWA400Payload');
  if (!isObject(example)) return example;
  return { ...example, message: `${String(example.message)}: ${problem}`, error: { payload: problem } };
}

function parseFields(contentType: string, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function summary(json: unknown): string {
  const body: Record<string, unknown> = isObject(json) ? json : {};
  if (typeof body.status === 'string' && body.message_id)
    return `status ${body.status} for ${body.message_id}`;
  if (body.resumable_media_id) return `upload ${body.resumable_media_id} ${body.status}`;
  return 'callback';
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
