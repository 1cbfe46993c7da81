import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSpec, deref } from '../spec/support/spec-validator.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { at, isObject, listAt, objectAt, textAt, type JsonObject } from '../../src/testing/json-walk.js';

// Spec-level contract, no SDK: every request example in the bundled document, sent the way a client
// sends it (JSON, form fields or multipart with real file bytes) to Prism mocking that same document,
// must pass Prism's own request validation (2xx). And requests the API refuses must be refused by the
// mock too. An example Prism refuses is a problem of the document (or of Prism), reported with Prism's
// violations in the assertion message.
const doc = bundledSpec();
const apiKey = 'test-api-key';
const methods = ['get', 'put', 'post', 'delete', 'patch'];

// ---------------------------------------------------------------------------------------------------
// Building requests from the document

interface Operation {
  method: string;
  path: string;
  op: JsonObject;
  parameters: unknown[];
}

const operations: Operation[] = [];
for (const [path, rawItem] of Object.entries(doc.paths)) {
  const item = deref(rawItem);
  for (const method of methods) {
    const op = at(item, method);
    if (!isObject(op)) continue;
    // Operation parameters override path-item parameters of the same name and location.
    const byKey = new Map<string, unknown>();
    for (const p of [...listAt(item, 'parameters'), ...listAt(op, 'parameters')].map((p) => deref(p)))
      byKey.set(`${at(p, 'in')}:${at(p, 'name')}`, p);
    operations.push({ method, path, op, parameters: [...byKey.values()] });
  }
}

function parameterExample(p: unknown): unknown {
  if (at(p, 'example') !== undefined) return at(p, 'example');
  const first = Object.values(objectAt(p, 'examples'))[0];
  if (first) return at(deref(first), 'value');
  if (at(p, 'schema', 'examples', 0) !== undefined) return at(p, 'schema', 'examples', 0);
  throw new Error(`parameter ${at(p, 'in')} ${at(p, 'name')} has no example`);
}

/** The URL path and query from the parameters' examples (optional query parameters included). */
function urlFor(o: Operation): string {
  const path = o.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = o.parameters.find((x) => at(x, 'in') === 'path' && at(x, 'name') === name);
    if (!p) throw new Error(`${o.path}: no parameter for {${name}}`);
    return encodeURIComponent(String(parameterExample(p)));
  });
  const query = new URLSearchParams();
  for (const p of o.parameters.filter((x) => at(x, 'in') === 'query'))
    query.set(String(at(p, 'name')), String(parameterExample(p)));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Names of the `format: binary` properties of a schema, looking through $ref, allOf, oneOf and anyOf. */
function binaryFields(schema: unknown, seen = new Set<unknown>()): Set<string> {
  const out = new Set<string>();
  const s = deref(schema);
  if (!s || typeof s !== 'object' || seen.has(s)) return out;
  seen.add(s);
  for (const [name, prop] of Object.entries(objectAt(s, 'properties'))) {
    const p = deref(prop);
    if (at(p, 'format') === 'binary') out.add(name);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    for (const member of listAt(s, key)) for (const n of binaryFields(member, seen)) out.add(n);
  return out;
}

// Small, real file bodies: the first bytes a type sniffer looks at.
const fileBytes: Record<string, Uint8Array<ArrayBuffer>> = {
  'image/png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
  ]),
  'image/webp': new Uint8Array([...Buffer.from('RIFF'), 0x1a, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]),
  'application/pdf': new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')),
  // A 24-byte `ftyp` box: size, 'ftyp', major brand 'isom', minor version 0x200, compatible 'isom' 'mp41'.
  'video/mp4': new Uint8Array([
    0,
    0,
    0,
    0x18,
    ...Buffer.from('ftypisom'),
    0,
    0,
    2,
    0,
    ...Buffer.from('isommp41'),
  ]),
  'text/plain': new Uint8Array(Buffer.from('hello\n')),
};
const extensionTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  txt: 'text/plain',
};
const typeExtensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
  'text/plain': 'txt',
};

/**
 * The file an example's placeholder stands for. Examples print a curl path (`@/C:/.../videoplayback.mp4`)
 * or prose (`(the bytes of image.png)`); the MIME type comes from a sibling `type` field when the form has
 * one (the upload forms), otherwise from the file name's extension, otherwise from the part's encoding.
 */
function fileFor(
  placeholder: unknown,
  example: Record<string, unknown>,
  encodingType: string | undefined,
): { blob: Blob; name: string; type: string } {
  const text = String(placeholder ?? '');
  const named = text.match(/([A-Za-z0-9_.()-]+\.([A-Za-z0-9]{2,5}))(?=[)"'\s]|$)/);
  const siblingType =
    typeof example.type === 'string' && example.type.includes('/') ? example.type : undefined;
  const byExtension = named ? extensionTypes[named[2]!.toLowerCase()] : undefined;
  const byEncoding = encodingType?.split(',')[0]?.trim();
  const type = siblingType ?? byExtension ?? byEncoding ?? 'application/octet-stream';
  const ext = typeExtensions[type] ?? 'bin';
  // Keep the example's file name when it fits the type; otherwise name it after the type.
  const name = named && (!byExtension || byExtension === type) ? named[1]! : `file.${ext}`;
  const bytes = fileBytes[type] ?? new Uint8Array(Buffer.from('0123456789'));
  return { blob: new Blob([bytes], { type }), name, type };
}

function formValue(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

interface Sent {
  url: string;
  init: RequestInit;
  describe: string;
}

function buildRequest(
  o: Operation,
  mediaType: string | undefined,
  value: unknown,
  opts: { apiKey?: boolean } = {},
): Sent {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.apiKey ?? true) headers['api-key'] = apiKey;
  const init: RequestInit = { method: o.method.toUpperCase(), headers };
  let describe = '';
  if (mediaType === 'application/json') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(value);
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(objectAt(value))) form.append(k, formValue(v));
    init.body = form;
  } else if (mediaType === 'multipart/form-data') {
    const content = at(deref(o.op.requestBody), 'content', mediaType);
    const binary = binaryFields(at(content, 'schema'));
    const form = new FormData();
    const files: string[] = [];
    for (const [k, v] of Object.entries(objectAt(value))) {
      if (binary.has(k)) {
        const f = fileFor(v, objectAt(value), textAt(content, 'encoding', k, 'contentType'));
        form.append(k, f.blob, f.name);
        files.push(`${k}=${f.name} (${f.type}, ${f.blob.size} bytes)`);
      } else {
        form.append(k, formValue(v));
      }
    }
    init.body = form;
    describe = files.length ? ` [files: ${files.join('; ')}]` : '';
  } else if (mediaType !== undefined) {
    throw new Error(`no sender for ${mediaType}`);
  }
  return { url: urlFor(o), init, describe };
}

interface Answer {
  status: number;
  violations: string;
  body: string;
}

let prism: PrismServer;
let prismStartMs = 0;

async function send(s: Sent): Promise<Answer> {
  const res = await fetch(`${prism.url}${s.url}`, s.init);
  const body = await res.text();
  return { status: res.status, violations: res.headers.get('sl-violations') ?? '', body };
}

function explain(a: Answer): string {
  let violations = a.violations;
  try {
    violations = listAt(JSON.parse(a.violations))
      .map((v) => `${listAt(v, 'location').join('.')}: ${at(v, 'message')} [${at(v, 'code')}]`)
      .join('; ');
  } catch {
    /* keep raw */
  }
  return `HTTP ${a.status}; violations: ${violations || '(none)'}; body: ${a.body.slice(0, 400)}`;
}

beforeAll(async () => {
  const started = Date.now();
  prism = await startPrism({ errors: true });
  prismStartMs = Date.now() - started;
  console.info(`prism: started in ${prismStartMs} ms at ${prism.url}`);
}, 90_000);

afterAll(async () => {
  await prism?.close();
});

// ---------------------------------------------------------------------------------------------------
// Every request example passes

interface ExampleCase {
  name: string;
  o: Operation;
  mediaType?: string;
  value?: unknown;
}

const exampleCases: ExampleCase[] = [];
for (const o of operations) {
  const body = o.op.requestBody ? deref(o.op.requestBody) : undefined;
  if (!body) {
    exampleCases.push({
      name: `${textAt(o.op, 'operationId')} ${o.method.toUpperCase()} ${o.path} (parameter examples, no body)`,
      o,
    });
    continue;
  }
  for (const [mediaType, content] of Object.entries(objectAt(body, 'content'))) {
    const examples = Object.entries(objectAt(content, 'examples'));
    if (at(content, 'example') !== undefined) examples.push(['example', { value: at(content, 'example') }]);
    for (const [exampleName, example] of examples) {
      const exampleRef = textAt(example, '$ref');
      const ref = exampleRef ? ` (${exampleRef.split('/').pop()})` : '';
      exampleCases.push({
        name: `${textAt(o.op, 'operationId')} ${mediaType} ${exampleName}${ref}`,
        o,
        mediaType,
        value: at(deref(example), 'value'),
      });
    }
  }
}

describe('Prism accepts every request example of the document', () => {
  it('found request examples for every operation with a body', () => {
    for (const o of operations.filter((x) => x.op.requestBody)) {
      expect(
        exampleCases.filter((c) => c.o === o && c.mediaType).length,
        `${textAt(o.op, 'operationId')} has no request example`,
      ).toBeGreaterThan(0);
    }
  });

  it.each(exampleCases)('$name', async ({ o, mediaType, value }) => {
    const request = buildRequest(o, mediaType, value);
    const answer = await send(request);
    if (process.env.DEBUG_PRISM)
      console.info(
        `${request.init.method} ${request.url}${request.describe}: ${explain(answer).slice(0, 160)}`,
      );
    expect(
      answer.status >= 200 && answer.status < 300,
      `${request.init.method} ${request.url}${request.describe}: Prism refused: ${explain(answer)}`,
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// Requests the API refuses are refused by the mock

function operation(method: string, pathEnd: string): Operation {
  const o = operations.find((x) => x.method === method && x.path.endsWith(pathEnd));
  if (!o) throw new Error(`no operation ${method} ...${pathEnd}`);
  return o;
}

function example(o: Operation, mediaType: string, name: string): JsonObject {
  const ex = at(deref(o.op.requestBody), 'content', mediaType, 'examples', name);
  if (!ex) throw new Error(`${textAt(o.op, 'operationId')} has no ${mediaType} example "${name}"`);
  return objectAt(structuredClone(at(deref(ex), 'value')));
}

const v1Send = operation('post', '/v1/{sid}/messages');
const v2Send = operation('post', '/whatsapp/{phone_number}/messages');
const resumableUpload = operation('post', '/resumable_media');

interface InvalidCase {
  name: string;
  build(): Sent;
  /** What Prism's `sl-violations` header must mention: the refusal is for this reason, not another. */
  violation: RegExp;
  status?: number;
}

const invalidCases: InvalidCase[] = [
  {
    name: 'v2 image message with neither image.id nor image.link',
    build: () => {
      const v = example(v2Send, 'application/json', 'Image');
      const image = objectAt(v, 'messaging_object', 'image');
      delete image.id;
      delete image.link;
      return buildRequest(v2Send, 'application/json', v);
    },
    violation: /messaging_object\.image must have required property '(id|link)'/,
  },
  {
    name: 'v2 image caption of 1025 characters',
    build: () => {
      const v = example(v2Send, 'application/json', 'Image');
      objectAt(v, 'messaging_object', 'image').caption = 'x'.repeat(1025);
      return buildRequest(v2Send, 'application/json', v);
    },
    violation: /messaging_object\.image\.caption must NOT have more than 1024 characters/,
  },
  {
    name: 'v2 message of an unknown type',
    build: () => {
      const v = example(v2Send, 'application/json', 'Text');
      const message = objectAt(v, 'messaging_object');
      message.type = 'hologram';
      message.hologram = message.text;
      delete message.text;
      return buildRequest(v2Send, 'application/json', v);
    },
    violation: /messaging_object\.type must be equal to constant/,
  },
  {
    name: 'resumable upload declaring type image/gif',
    build: () => {
      // The same PNG file part as the example; only the declared `type` field changes.
      const request = buildRequest(
        resumableUpload,
        'multipart/form-data',
        example(resumableUpload, 'multipart/form-data', 'PngImage'),
      );
      (request.init.body as FormData).set('type', 'image/gif');
      return request;
    },
    violation: /body property type must be equal to one of the allowed values/,
  },
  {
    name: 'v1 mediatemplate without template_name',
    build: () => {
      const v = example(v1Send, 'application/x-www-form-urlencoded', 'MediaTemplate');
      expect(v.type).toBe('mediatemplate');
      delete v.template_name;
      return buildRequest(v1Send, 'application/x-www-form-urlencoded', v);
    },
    violation: /must have required property 'template_name'/,
  },
  // Closed request bodies: an unknown property is refused with a 400 that names it, at any depth.
  {
    name: 'v2 text message with an unknown property foo',
    status: 400,
    violation: /must NOT have additional properties.*foo|foo.*must NOT have additional properties/s,
    build: () => {
      const v = example(v2Send, 'application/json', 'Text');
      objectAt(v, 'messaging_object').foo = 'bar';
      return buildRequest(v2Send, 'application/json', v);
    },
  },
  {
    name: 'v2 sticker with a caption',
    status: 400,
    violation: /must NOT have additional properties.*caption|caption.*must NOT have additional properties/s,
    build: () => {
      const v = example(v2Send, 'application/json', 'Sticker');
      objectAt(v, 'messaging_object', 'sticker').caption = 'not allowed on stickers';
      return buildRequest(v2Send, 'application/json', v);
    },
  },
  {
    name: 'v1 text form with a misspelt field',
    status: 400,
    violation: /must NOT have additional properties.*bodyy|bodyy.*must NOT have additional properties/s,
    build: () => {
      const v = example(v1Send, 'application/x-www-form-urlencoded', 'Text');
      v.bodyy = v.body;
      return buildRequest(v1Send, 'application/x-www-form-urlencoded', v);
    },
  },
  {
    name: 'v2 text message without the api-key header',
    status: 401,
    violation: /Invalid security scheme used/,
    build: () =>
      buildRequest(v2Send, 'application/json', example(v2Send, 'application/json', 'Text'), {
        apiKey: false,
      }),
  },
];

describe('Prism refuses requests the API refuses', () => {
  it.each(invalidCases)('$name', async ({ build, status, violation }) => {
    const request = build();
    const answer = await send(request);
    const message = `${request.init.method} ${request.url}: ${explain(answer)}`;
    if (process.env.DEBUG_PRISM) console.info(message);
    expect(answer.status >= 400 && answer.status < 500, `expected a 4xx refusal, got ${message}`).toBe(true);
    if (status !== undefined) expect(answer.status, message).toBe(status);
    expect(answer.violations, message).toMatch(violation);
    // A refusal of the request itself, not an error Prism invented: the document's own error envelope.
    expect(JSON.parse(answer.body), message).toHaveProperty('code');
  });
});

// ---------------------------------------------------------------------------------------------------
// How the mock answers (what SDK tests against Prism can rely on)

describe("Prism's answers", () => {
  const textExample = () => example(v2Send, 'application/json', 'Text');
  const responseExamples = (o: Operation, status: string): [string, unknown][] =>
    Object.entries(
      objectAt(deref(at(deref(at(o.op, 'responses', status)), 'content', 'application/json')), 'examples'),
    ).map(([n, e]) => [n, at(deref(e), 'value')]);

  it('answers a valid request with the lowest declared 2xx and its first example', async () => {
    const answer = await send(buildRequest(v2Send, 'application/json', textExample()));
    const lowest = Object.keys(objectAt(v2Send.op, 'responses'))
      .filter((c) => /^2/.test(c))
      .sort()[0]!;
    expect(answer.status).toBe(Number(lowest));
    expect(JSON.parse(answer.body)).toEqual(responseExamples(v2Send, lowest)[0]![1]);
  });

  it('answers `Prefer: code=500` with the 500 example', async () => {
    const request = buildRequest(v2Send, 'application/json', textExample());
    (request.init.headers as Record<string, string>).prefer = 'code=500';
    const answer = await send(request);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual(responseExamples(v2Send, '500')[0]![1]);
  });

  it('answers `Prefer: code=401, example=<name>` with that named example', async () => {
    const [name, value] = responseExamples(v2Send, '401').at(-1)!;
    const request = buildRequest(v2Send, 'application/json', textExample());
    (request.init.headers as Record<string, string>).prefer = `code=401, example=${name}`;
    const answer = await send(request);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual(value);
  });

  it('does not let `Prefer` turn an invalid request into a success', async () => {
    const request = buildRequest(v2Send, 'application/json', { messaging_object: {} });
    (request.init.headers as Record<string, string>).prefer = 'code=202';
    const answer = await send(request);
    expect(answer.status).toBe(400);
  });
});
