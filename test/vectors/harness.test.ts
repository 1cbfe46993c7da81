import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import {
  compareRequest,
  compareSeen,
  fileBytes,
  loadVectors,
  VECTOR_API_KEY,
  type Vector,
} from './harness.js';

// The comparison every runner relies on: a request that differs from its vector must fail with a
// line naming the case and the field, and the vectors themselves must be consistent.
const vectors = new Map(loadVectors().map(({ vector }) => [vector.name, vector]));
const vector = (name: string): Vector => structuredClone(vectors.get(name)!);
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server?.close());

async function record(init: RequestInit & { path: string }) {
  const before = server.requests.length;
  await (await fetch(`${server.url}${init.path}`, init)).arrayBuffer();
  expect(server.requests.length).toBe(before + 1);
  return server.requests[before]!;
}

const jsonRequest = (v: Vector, body: unknown, apiKey = VECTOR_API_KEY) =>
  record({
    path: v.request.path,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'api-key': apiKey },
    body: JSON.stringify(body),
  });

describe('compareRequest', () => {
  it('accepts the exact JSON request, with `+` sent percent-encoded in the path', async () => {
    const v = vector('v2-text');
    const recorded = await record({
      path: v.request.path.replace('+', '%2B'),
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'api-key': VECTOR_API_KEY },
      body: JSON.stringify(v.request.json),
    });
    expect(compareRequest(v, recorded)).toEqual([]);
  });

  it('names the case and the JSON field that differs, is missing or is extra', async () => {
    const v = vector('v2-text');
    const body = structuredClone(v.request.json) as {
      messaging_object: Record<string, unknown> & { text: { body: string } };
    };
    const original = body.messaging_object.text.body;
    body.messaging_object.text.body = 'changed';
    delete body.messaging_object.recipient_type;
    body.messaging_object.extra = 1;
    expect(compareRequest(v, await jsonRequest(v, body))).toEqual([
      'v2-text: json.messaging_object.recipient_type: missing (expected "individual")',
      `v2-text: json.messaging_object.text.body: expected ${JSON.stringify(original)}, got "changed"`,
      'v2-text: json.messaging_object.extra: unexpected 1',
    ]);
  });

  it('names a wrong key, method and path', async () => {
    const v = vector('v2-text');
    const wrongKey = await jsonRequest(v, v.request.json, 'another-key');
    expect(compareRequest(v, wrongKey)).toEqual([
      'v2-text: header api-key: expected the configured key, got another value',
    ]);
    const wrongPath = await record({
      path: '/v2/HXAP16XXXXXX97IN/whatsapp/919876543210/messages',
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'api-key': VECTOR_API_KEY },
      body: JSON.stringify(v.request.json),
    });
    expect(compareRequest(v, wrongPath)).toEqual([
      'v2-text: method: expected POST, got PUT',
      'v2-text: path: expected "/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages", got "/v2/HXAP16XXXXXX97IN/whatsapp/919876543210/messages"',
    ]);
  });

  it('compares a form by fields and names the one that differs', async () => {
    const v = vector('v1-text');
    const form = { ...v.request.form!, preview_url: 'True' };
    const recorded = await record({
      path: v.request.path,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': VECTOR_API_KEY },
      body: new URLSearchParams(form).toString(),
    });
    expect(compareRequest(v, recorded)).toEqual(['v1-text: form.preview_url: expected "true", got "True"']);
    const asJson = await jsonRequest(v, v.request.form);
    expect(compareRequest(v, asJson)).toEqual([
      'v1-text: header content-type: expected application/x-www-form-urlencoded, got "application/json"',
    ]);
  });

  it('compares multipart by parts, whatever their order, and names the part and what differs', async () => {
    const v = vector('v1-media-file');
    const file = v.operation.multipart!.files[0]!;
    const good = new FormData();
    good.append(file.field, new Blob([fileBytes(file)], { type: file.contentType }), file.name);
    for (const [name, value] of Object.entries(v.operation.multipart!.fields)) good.append(name, value);
    expect(
      compareRequest(
        v,
        await record({
          path: v.request.path,
          method: 'POST',
          headers: { 'api-key': VECTOR_API_KEY },
          body: good,
        }),
      ),
    ).toEqual([]);

    const bad = new FormData();
    for (const [name, value] of Object.entries(v.operation.multipart!.fields))
      if (name !== 'caption') bad.append(name, value);
    bad.append(
      file.field,
      new Blob([fileBytes(file).slice(1)], { type: 'application/octet-stream' }),
      'other.png',
    );
    expect(
      compareRequest(
        v,
        await record({
          path: v.request.path,
          method: 'POST',
          headers: { 'api-key': VECTOR_API_KEY },
          body: bad,
        }),
      ),
    ).toEqual([
      'v1-media-file: part caption: missing',
      'v1-media-file: part media.filename: expected "logo.png", got "other.png"',
      'v1-media-file: part media.contentType: expected "image/png", got "application/octet-stream"',
      `v1-media-file: part media.bytes: expected the file's ${fileBytes(file).length} bytes, got ${fileBytes(file).length - 1} different bytes`,
    ]);
  });

  it('names a query parameter that differs', async () => {
    const v = vector('v2-get-resumable-media');
    const recorded = await record({
      path: `${v.request.path}?id=639&limit=25`,
      method: 'GET',
      headers: { 'api-key': VECTOR_API_KEY },
    });
    expect(compareRequest(v, recorded)).toEqual([
      'v2-get-resumable-media: query.offset: missing (expected "0")',
    ]);
  });
});

describe('compareSeen', () => {
  it('names what the caller saw that differs from the vector', () => {
    expect(compareSeen(vector('v2-text'), { messageId: 'wamid.v2-text-0001' })).toEqual([]);
    expect(compareSeen(vector('v2-text'), { messageId: 'other' })).toEqual([
      'v2-text: seen.messageId: expected "wamid.v2-text-0001", got "other"',
    ]);
    expect(
      compareSeen(vector('error-401-wa401'), {
        error: { status: 401, code: 'WA401', fields: ['phone_number'] },
      }),
    ).toEqual(['error-401-wa401: seen.error.code: expected "WA-401", got "WA401"']);
  });
});

describe('the vectors', () => {
  it('cover every case the issues list, one file each', () => {
    expect([...vectors.keys()].sort()).toEqual(
      [
        'error-400-field-errors',
        'error-401-wa401',
        'v1-media-file',
        'v1-media-template',
        'v1-text',
        'v2-get-resumable-media',
        'v2-image-link',
        'v2-interactive-list',
        'v2-list-templates',
        // Issue 9: the two types Meta's OpenAPI file changed (coordinates, date_time), through every generator.
        'v2-location',
        'v2-read-receipt',
        'v2-resumable-upload',
        'v2-template',
        'v2-template-currency-date-time',
        'v2-text',
      ].sort(),
    );
  });

  it.each([...vectors.values()].map((v) => [v.name, v] as const))(
    '%s: the expected request is the operation input, encoded',
    (_name, v) => {
      const { request, operation } = v;
      if (operation.json !== undefined) expect(request.json).toEqual(operation.json);
      if (operation.form !== undefined) expect(request.form).toEqual(operation.form);
      if (operation.multipart !== undefined) {
        const parts = [
          ...Object.entries(operation.multipart.fields).map(([name, value]) => ({ name, value })),
          ...operation.multipart.files.map((f) => ({
            name: f.field,
            filename: f.name,
            contentType: f.contentType,
            base64: f.base64,
          })),
        ];
        expect([...request.parts!].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
          parts.sort((a, b) => a.name.localeCompare(b.name)),
        );
      }
      const query = Object.fromEntries(
        Object.entries(operation.query ?? {}).map(([k, value]) => [k, String(value)]),
      );
      expect(request.query ?? {}).toEqual(query);
      let path = v.request.path;
      for (const [name, value] of Object.entries(operation.path)) path = path.replace(value, `{${name}}`);
      expect(path).toMatch(/^\/v[12]\/\{sid\}\//);
    },
  );
});
