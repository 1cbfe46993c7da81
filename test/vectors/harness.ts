import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRecordingServer, type RecordedRequest } from '../support/recording-server.js';

// Conformance vectors: one JSON file per case in ./cases, read by every client's runner (TypeScript
// here, Python, Go and Java under clients/). A vector holds the operation and its inputs, the exact
// request that must leave the client, the canned answer and what the caller must see.

export const vectorsDir = fileURLToPath(new URL('./cases/', import.meta.url));

/** The key every runner configures; the request must carry it in `api-key`. */
export const VECTOR_API_KEY = 'vector-test-key';

export interface VectorFile {
  field: string;
  name: string;
  contentType: string;
  base64: string;
}

export interface ExpectedPart {
  name: string;
  /** A text part's value. */
  value?: string;
  filename?: string;
  contentType?: string;
  /** A file part's bytes. */
  base64?: string;
}

export interface Vector {
  name: string;
  description: string;
  operation: {
    operationId: string;
    path: Record<string, string>;
    query?: Record<string, string | number>;
    json?: unknown;
    form?: Record<string, string>;
    multipart?: { fields: Record<string, string>; files: VectorFile[] };
  };
  /** The TypeScript SDK's high-level call; `{ "$file": field }` stands for the bytes of that file. */
  sdk: { call: string; options: Record<string, unknown> };
  request: {
    method: string;
    path: string;
    query?: Record<string, string>;
    contentType?: string;
    json?: unknown;
    form?: Record<string, string>;
    parts?: ExpectedPart[];
  };
  response: { status: number; body: unknown };
  expect: {
    messageId?: string;
    id?: string;
    code?: string;
    error?: { status: number; code: string; fields: string[] };
  };
}

/** What a runner reports for one case: the value the caller got, or the error it caught. */
export interface Seen {
  messageId?: string;
  id?: string;
  code?: string;
  error?: { status: number; code: string; fields: string[] };
}

export function loadVectors(dir = vectorsDir): { file: string; vector: Vector }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      file: join(dir, name),
      vector: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Vector,
    }));
}

export function fileBytes(file: { base64: string }): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(file.base64, 'base64'));
}

const show = (value: unknown) => JSON.stringify(value);
const essence = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Structural comparison of parsed JSON; each difference names the field path. */
function diffJson(expected: unknown, actual: unknown, at: string, out: string[]): void {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    if (!Object.is(expected, actual)) out.push(`${at}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) {
    out.push(`${at}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    const path = Array.isArray(expected) ? `${at}[${key}]` : `${at}.${key}`;
    if (!(key in a)) out.push(`${path}: missing (expected ${show(e[key])})`);
    else if (!(key in e)) out.push(`${path}: unexpected ${show(a[key])}`);
    else diffJson(e[key], a[key], path, out);
  }
}

function diffFields(
  expected: Record<string, string>,
  actual: Record<string, string>,
  at: string,
  out: string[],
): void {
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (!(key in actual)) out.push(`${at}.${key}: missing (expected ${show(expected[key])})`);
    else if (!(key in expected)) out.push(`${at}.${key}: unexpected ${show(actual[key])}`);
    else if (expected[key] !== actual[key])
      out.push(`${at}.${key}: expected ${show(expected[key])}, got ${show(actual[key])}`);
  }
}

/**
 * Compares what left the client with the vector's request. JSON is compared as parsed values, forms
 * as fields, multipart by parts (name, file name, content type, bytes; a text part without a
 * Content-Type is text/plain, RFC 7578 4.4). The path is compared percent-decoded: `+` and `%2B` are
 * the same segment. Returns one line per difference, each starting with the case and the field.
 */
export function compareRequest(vector: Vector, recorded: RecordedRequest, apiKey = VECTOR_API_KEY): string[] {
  const out: string[] = [];
  const want = vector.request;
  const url = new URL(recorded.path, 'http://vector.invalid');
  if (recorded.method !== want.method) out.push(`method: expected ${want.method}, got ${recorded.method}`);
  const path = decodeURIComponent(url.pathname);
  if (path !== want.path) out.push(`path: expected ${show(want.path)}, got ${show(path)}`);
  diffFields(want.query ?? {}, Object.fromEntries(url.searchParams), 'query', out);
  if (recorded.headers['api-key'] !== apiKey)
    out.push(
      `header api-key: expected the configured key, got ${recorded.headers['api-key'] === undefined ? 'none' : 'another value'}`,
    );

  const contentType = recorded.headers['content-type'];
  if (want.contentType === undefined) {
    if (recorded.body.length > 0) out.push(`body: expected none, got ${recorded.body.length} bytes`);
  } else if (essence(contentType) !== want.contentType) {
    out.push(`header content-type: expected ${want.contentType}, got ${show(contentType)}`);
  } else if (want.json !== undefined) {
    if (recorded.json === undefined)
      out.push(`body: expected JSON, got ${show(recorded.text.slice(0, 200))}`);
    else diffJson(want.json, recorded.json, 'json', out);
  } else if (want.form !== undefined) {
    const pairs = [...new URLSearchParams(recorded.text)];
    const names = pairs.map(([name]) => name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) out.push(`form: field ${repeated[0]} sent more than once`);
    diffFields(want.form, Object.fromEntries(pairs), 'form', out);
  } else if (want.parts !== undefined) {
    comparePartsInto(want.parts, recorded, out);
  }
  return out.map((line) => `${vector.name}: ${line}`);
}

function comparePartsInto(want: ExpectedPart[], recorded: RecordedRequest, out: string[]): void {
  if (recorded.multipartError !== undefined) {
    out.push(`multipart: malformed body (${recorded.multipartError})`);
    return;
  }
  const parts = recorded.parts ?? [];
  for (const part of parts) {
    if (parts.filter((p) => p.name === part.name).length > 1)
      out.push(`part ${part.name}: sent more than once`);
    if (!want.some((w) => w.name === part.name))
      out.push(`part ${part.name}: unexpected (${show(part.text.slice(0, 80))})`);
  }
  for (const expected of want) {
    const part = parts.find((p) => p.name === expected.name);
    const at = `part ${expected.name}`;
    if (part === undefined) {
      out.push(`${at}: missing`);
      continue;
    }
    if (expected.base64 === undefined) {
      if (part.filename !== undefined)
        out.push(`${at}: expected a text part, got a file named ${show(part.filename)}`);
      const type = essence(part.contentType) || 'text/plain';
      if (type !== 'text/plain')
        out.push(`${at}.contentType: expected text/plain, got ${show(part.contentType)}`);
      if (part.text !== expected.value)
        out.push(`${at}.value: expected ${show(expected.value)}, got ${show(part.text)}`);
    } else {
      if (part.filename !== expected.filename)
        out.push(`${at}.filename: expected ${show(expected.filename)}, got ${show(part.filename)}`);
      if (essence(part.contentType) !== expected.contentType)
        out.push(`${at}.contentType: expected ${show(expected.contentType)}, got ${show(part.contentType)}`);
      if (Buffer.compare(Buffer.from(part.bytes), Buffer.from(expected.base64, 'base64')) !== 0) {
        out.push(
          `${at}.bytes: expected the file's ${Buffer.from(expected.base64, 'base64').length} bytes, got ${part.bytes.length} different bytes`,
        );
      }
    }
  }
}

/** Compares what the caller saw with the vector's `expect`. */
export function compareSeen(vector: Vector, seen: Seen): string[] {
  const out: string[] = [];
  diffJson(vector.expect, normaliseSeen(seen), 'seen', out);
  return out.map((line) => `${vector.name}: ${line}`);
}

function normaliseSeen(seen: Seen): Seen {
  return seen.error ? { error: { ...seen.error, fields: [...seen.error.fields].sort() } } : seen;
}

/**
 * Sends a recorded request, byte for byte, to the Prism mock. Prism validates it against the document:
 * anything but a 2xx (400 with `sl-violations`, 401 without a key, 404 for an unknown path) is a refusal.
 */
export async function replayOnPrism(
  prismUrl: string,
  recorded: RecordedRequest,
): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'api-key', 'accept']) {
    const value = recorded.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetch(`${prismUrl}${recorded.path}`, {
    method: recorded.method,
    headers,
    body: recorded.body.length > 0 ? Buffer.from(recorded.body) : null,
  });
  const text = await response.text();
  if (response.status >= 200 && response.status < 300) return undefined;
  const violations = response.headers.get('sl-violations');
  return `Prism refused the request: ${response.status} ${violations ?? text.slice(0, 300)}`;
}

export interface VectorOutcome {
  name: string;
  problems: string[];
}

/**
 * Runs one case: a fresh recording server answers with the vector's canned response, `drive` makes
 * the client send (and reports what its caller saw), then the request is compared and replayed on
 * Prism. A fresh server per case keeps one failing case from shifting the answers of the next.
 */
export async function runVector(
  vector: Vector,
  prismUrl: string | undefined,
  drive: (baseUrl: string) => Promise<Seen>,
): Promise<VectorOutcome> {
  const server = await startRecordingServer();
  const problems: string[] = [];
  try {
    server.respondWith({ status: vector.response.status, body: vector.response.body as object });
    let seen: Seen | undefined;
    try {
      seen = await drive(server.url);
    } catch (error) {
      problems.push(
        `${vector.name}: the client failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (server.requests.length !== 1)
      problems.push(`${vector.name}: expected exactly one request, got ${server.requests.length}`);
    const recorded = server.requests[0];
    if (recorded) problems.push(...compareRequest(vector, recorded));
    if (seen) problems.push(...compareSeen(vector, seen));
    if (recorded && prismUrl) {
      const refusal = await replayOnPrism(prismUrl, recorded);
      if (refusal) problems.push(`${vector.name}: ${refusal}`);
    }
  } finally {
    await server.close();
  }
  return { name: vector.name, problems };
}
