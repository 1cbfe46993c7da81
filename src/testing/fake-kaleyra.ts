import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { operations } from '../../generated/openapi.js';
import { findCallbackEvent, type CallbackValues } from './callback-catalogue.js';
import { createCallbackDispatcher } from './callback-dispatcher.js';
import { createBodyValidator, type BodyViolation } from './body-validator.js';
import { deliverCallback, type CallbackAuth, type CallbackTarget } from './deliver-callback.js';
import { failureFor, type InjectedFailure } from './failure-plan.js';
import { withFreshIds } from './fresh-ids.js';
import { createOperationMatcher, responseExample } from './operations.js';
import { SAMPLE_MEDIA_PATH, serveSampleMedia } from './sample-media.js';
import { callbacksFor } from './send-callbacks.js';
import { errorExample, loadSpec } from './spec-document.js';

/** The operationIds of the OpenAPI document. */
export type OperationId = keyof operations;

type ContentOf<Op extends OperationId> = operations[Op] extends { requestBody: { content: infer C } }
  ? C
  : operations[Op] extends { requestBody?: { content: infer C } }
    ? C
    : never;
/** A JSON body as its generated type; the text fields of a form or multipart body as strings. */
export type RecordedBody<Op extends OperationId> = [ContentOf<Op>] extends [never]
  ? undefined
  : ContentOf<Op> extends { 'application/json': infer J }
    ? J
    : Record<string, string>;

/** A file part of an upload, described but not kept. */
export interface RecordedFile {
  /** The form field it came in (`file`). */
  field: string;
  /** The file name the part declared. */
  name: string;
  /** The part's content type. */
  type: string;
  /** Its length in bytes. */
  size: number;
}

/** One request the fake answered, typed by the operation it named. */
export interface RecordedRequestOf<Op extends OperationId> {
  /** The document's operationId, e.g. `sendV2Message`. */
  operationId: Op;
  /** The HTTP method, upper case. */
  method: string;
  /** The path as sent, and its parameters decoded (`{ sid, phone_number }`). */
  path: string;
  /** The path parameters, decoded (`{ sid, phone_number }`). */
  pathParams: Record<string, string>;
  /** The query string's parameters. */
  query: Record<string, string>;
  /** The media type of the body, without parameters (`application/json`). */
  contentType: string;
  /** The parsed body: JSON as its generated type, form and multipart text fields as strings. */
  body: RecordedBody<Op>;
  /** The file parts of a multipart body. */
  files: RecordedFile[];
  /** Whether an `api-key` header came (its value is never recorded). */
  hasApiKey: boolean;
  /** Why the document refuses the body; empty when it is valid. */
  violations: BodyViolation[];
  /** What the fake answered. */
  response: { status: number; body: unknown };
}

/** Every recorded request, narrowed by `operationId`. */
export type RecordedRequest = { [Op in OperationId]: RecordedRequestOf<Op> }[OperationId];

export interface FakeKaleyraOptions {
  /** Where status, incoming and upload callbacks go: a URL, or a handler called in-process. */
  callbacks?: CallbackTarget;
  /** Credentials the callbacks carry: Basic auth and/or a `token` query parameter. */
  callbackAuth?: CallbackAuth;
  /** Pause before each callback. Default 0. */
  callbackDelayMs?: number;
  /** Validate bodies against the bundled document (needs `ajv` and `ajv-formats`). Default true. */
  validate?: boolean;
  /** Another copy of the OpenAPI document than the installed package's `openapi.json`. */
  specPath?: string;
  /** The most recent requests `requests` keeps (older ones are forgotten). Default 1000. */
  maxRecordedRequests?: number;
}

/** What `failNext` injects: a documented error code, or any status. */
export type FakeFailure = string | { status: number; code?: string };

export interface FakeKaleyra {
  /** Give it to `createKaleyraClient({ baseUrl })`. */
  baseUrl: string;
  /**
   * Where the fake serves a small real file for each incoming media type (`<baseUrl>/media`):
   * `trigger('incoming.image')` and the other media events point at it, with its `mime_type` and
   * `sha256`, so `client.media.download(event.message)` fetches and checks real bytes.
   */
  mediaBaseUrl: string;
  /**
   * Every request that named a documented operation since the last `reset()`, in arrival order
   * (the latest `maxRecordedRequests`).
   */
  readonly requests: readonly RecordedRequest[];
  /** The requests of one operation, typed by it. */
  requestsOf<Op extends OperationId>(operationId: Op): RecordedRequestOf<Op>[];
  /** Requests that matched no documented path (answered 404). */
  readonly unmatched: readonly { method: string; path: string }[];
  /**
   * Fails the next `times` requests: a documented code (`'WA429'`, `'E110'`) is answered with its
   * status and body; Meta's numeric codes (`'131047'`) accept the send and send a `failed` status
   * instead; `{ status, code? }` answers any status.
   */
  failNext(times: number, failure: FakeFailure): void;
  /** Holds the next `times` answers back by `ms`. */
  delayNext(ms: number, times?: number): void;
  /**
   * Fires a callback from the catalogue (`kaleyra-wa trigger --list`) to `callbacks`; resolves to the
   * receiver's status. Incoming media events point at the fake's own sample files (`mediaBaseUrl`).
   */
  trigger(event: string, values?: CallbackValues): Promise<number>;
  /** Resolves once every callback due so far has been sent. */
  callbacksSent(): Promise<void>;
  /**
   * Forgets recorded requests, pending failures and delays, and the callbacks not yet sent. A request
   * still arriving when it is called belongs to the test before: it is answered, but not recorded,
   * given no injected failure or delay, and sends no callbacks.
   */
  reset(): void;
  /** Closes the server; callbacks not yet sent are dropped. */
  stop(): Promise<void>;
}

/**
 * An in-process fake Kaleyra for a user's own tests: answers as the documented API does, records
 * each request typed by its operation, and sends the status callbacks that follow. No Prism needed.
 */
export async function startFakeKaleyra(options: FakeKaleyraOptions = {}): Promise<FakeKaleyra> {
  const doc = loadSpec(options.specPath);
  const match = createOperationMatcher(doc);
  const validate = options.validate === false ? undefined : await createBodyValidator(doc);
  const requests: RecordedRequest[] = [];
  const unmatched: { method: string; path: string }[] = [];
  let failures: InjectedFailure[] = [];
  let delays: number[] = [];
  const maxRecorded = options.maxRecordedRequests ?? 1000;
  // Bumped by reset(): a request that began before it is not part of the test that follows.
  let epoch = 0;
  const dispatcher = createCallbackDispatcher({
    ...(options.callbacks !== undefined ? { profileTarget: options.callbacks } : {}),
    delayMs: options.callbackDelayMs ?? 0,
    ...(options.callbackAuth ? { auth: options.callbackAuth } : {}),
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const began = epoch;
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const method = request.method ?? 'GET';
    const answer = (status: number, body: unknown) => {
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(body === undefined ? '' : JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    // Kaleyra's stored copy of incoming media: not an operation of the document, not recorded.
    const served = serveSampleMedia(method, url.pathname, (status, headers, bytes) =>
      response.writeHead(status, headers).end(bytes),
    );
    if (served) return;
    const raw = Buffer.concat(chunks);
    const current = began === epoch;
    const matched = match(method, url.pathname);
    if (!matched) {
      if (current) unmatched.push({ method, path: url.pathname });
      return answer(404, {
        code: 'NOT_FOUND',
        message: `no documented operation is ${method} ${url.pathname}`,
        data: {},
        error: {},
      });
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const { body, files, parseError } = await readBody(
      raw,
      request.headers['content-type'] ?? '',
      contentType,
    );
    const violations: BodyViolation[] = parseError ? [{ path: '', message: parseError }] : [];
    if (!parseError && validate && raw.length > 0) {
      const checked =
        contentType === 'multipart/form-data'
          ? { ...(body as object), ...Object.fromEntries(files.map((file) => [file.field, ''])) }
          : body;
      violations.push(
        ...validate(
          { template: matched.template, method, operation: matched.operation },
          contentType,
          checked,
        ),
      );
    }

    let result: { status: number; body: unknown };
    let callbackFailure: Extract<InjectedFailure, { kind: 'status' }> | undefined;
    const failure = current ? failures.shift() : undefined;
    if (!request.headers['api-key'])
      result = responseExample(doc, matched.operation, 401) ?? {
        status: 401,
        body: errorExample(doc, 'RBC001'),
      };
    else if (violations.length > 0)
      result = responseExample(doc, matched.operation, 400) ?? {
        status: 400,
        body: errorExample(doc, 'WA400'),
      };
    else if (failure?.kind === 'answer') result = { status: failure.status, body: failure.body };
    else {
      const success = responseExample(doc, matched.operation) ?? { status: 200, body: undefined };
      result = { status: success.status, body: withFreshIds(matched.operationId, success.body) };
      if (failure?.kind === 'status') callbackFailure = failure;
    }

    const recorded = {
      operationId: matched.operationId,
      method,
      path: url.pathname,
      pathParams: matched.pathParams,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
      files,
      hasApiKey: Boolean(request.headers['api-key']),
      violations,
      response: result,
    } as RecordedRequest;
    if (current) {
      requests.push(recorded);
      if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
    }
    const delay = current ? delays.shift() : undefined;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    answer(result.status, result.body);
    if (result.status < 300 && began === epoch) {
      dispatcher.dispatch(
        callbacksFor(doc, {
          operationId: matched.operationId,
          pathParams: matched.pathParams,
          body,
          response: result.body,
          ...(files[0] ? { fileName: files[0].name } : {}),
          ...(callbackFailure ? { failure: callbackFailure } : {}),
        }),
      );
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'FAKE_ERROR', message: String(error), data: {}, error: {} }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const mediaBaseUrl = baseUrl + SAMPLE_MEDIA_PATH.slice(0, -1);

  return {
    baseUrl,
    mediaBaseUrl,
    requests,
    unmatched,
    requestsOf: <Op extends OperationId>(operationId: Op) =>
      requests.filter(
        (request): request is RecordedRequestOf<Op> & RecordedRequest => request.operationId === operationId,
      ),
    failNext(times, failure) {
      const injected: InjectedFailure =
        typeof failure === 'string'
          ? failureFor(doc, failure)
          : {
              kind: 'answer',
              code: failure.code ?? String(failure.status),
              status: failure.status,
              body: failure.code
                ? errorExample(doc, failure.code)
                : { code: String(failure.status), message: 'Injected failure', data: {}, error: {} },
            };
      for (let i = 0; i < times; i++) failures.push(injected);
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) delays.push(ms);
    },
    async trigger(event, values) {
      const type = findCallbackEvent(event);
      if (!type) throw new Error(`unknown callback event "${event}"`);
      if (options.callbacks === undefined) throw new Error('the fake has no `callbacks` target to send to');
      return deliverCallback(
        options.callbacks,
        type.build(doc, { mediaBaseUrl, ...values }),
        options.callbackAuth,
      );
    },
    callbacksSent: () => dispatcher.idle(),
    reset() {
      epoch++;
      requests.length = 0;
      unmatched.length = 0;
      failures = [];
      delays = [];
      dispatcher.reset();
    },
    async stop() {
      dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(
  raw: Buffer,
  header: string,
  contentType: string,
): Promise<{ body: unknown; files: RecordedFile[]; parseError?: string }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType === 'application/json') {
    try {
      return { body: JSON.parse(raw.toString('utf8')), files: [] };
    } catch {
      return { body: raw.toString('utf8'), files: [], parseError: 'the body is not valid JSON' };
    }
  }
  if (contentType === 'application/x-www-form-urlencoded' || contentType === 'multipart/form-data') {
    try {
      const form = await new Request('http://fake.invalid/', {
        method: 'POST',
        headers: { 'content-type': header },
        body: new Uint8Array(raw),
      }).formData();
      const fields: Record<string, string> = {};
      const files: RecordedFile[] = [];
      for (const [field, value] of form) {
        if (typeof value === 'string') fields[field] = value;
        else files.push({ field, name: value.name, type: value.type, size: value.size });
      }
      return { body: fields, files };
    } catch {
      return { body: undefined, files: [], parseError: `the body is not valid ${contentType}` };
    }
  }
  return { body: raw.toString('utf8'), files: [] };
}
