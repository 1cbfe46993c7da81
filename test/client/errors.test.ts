import { describe, expect, it } from 'vitest';
import {
  KaleyraApiError,
  KaleyraAuthenticationError,
  KaleyraBadRequestError,
  KaleyraPayloadTooLargeError,
  KaleyraRateLimitError,
  KaleyraServerError,
  type KaleyraClient,
} from '../../src/index.js';
import { errorExamples, knownErrorCodes } from '../errors/spec-errors.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { useRecordingClient } from '../support/recording-client.js';
import { bundledSpec } from '../spec/support/spec-validator.js';
import { objectAt, textAt } from '../../src/testing/json-walk.js';

// Every documented failure body, answered by a real server with the status the spec gives it, must
// come out of the SDK as the right error class carrying what the server said. The status comes
// from where the bundled spec uses the example (the response under a status code), cross-checked
// against KnownErrorCode's x-http-status. Needs `npm run -s bundle`.
const SID = 'HXAP16XXXXXX97IN';
const API_KEY = 'test-key-errors';
const FROM = '+919000000003';
const WABA = '102290129340398';

const t = useRecordingClient({ sid: SID, apiKey: API_KEY, from: FROM });

interface Use {
  example: string;
  status: number;
  operation: string;
}

/** Where the bundled spec shows each example: under which operation and status. */
function exampleUses(): Use[] {
  const doc = bundledSpec();
  const uses: Use[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, raw] of Object.entries(objectAt(operation, 'responses'))) {
        const responseRef = textAt(raw, '$ref');
        const response = responseRef ? doc.components.responses![responseRef.split('/').pop()!] : raw;
        for (const example of Object.values(objectAt(response, 'content', 'application/json', 'examples'))) {
          const exampleRef = textAt(example, '$ref');
          if (exampleRef !== undefined) {
            uses.push({
              example: exampleRef.split('/').pop()!,
              status: Number(status),
              operation: `${method.toUpperCase()} ${path}`,
            });
          }
        }
      }
    }
  }
  return uses;
}

const png = withBody(MAGIC.png, 300);
const calls: Record<string, { path: string; call: (c: KaleyraClient) => Promise<unknown> }> = {
  'POST /v1/{sid}/messages': {
    path: `/v1/${SID}/messages`,
    call: (c) => c.v1Messages.sendText({ to: '+919876543210', body: 'hi' }),
  },
  'POST /v2/{sid}/whatsapp/{phone_number}/messages': {
    path: `/v2/${SID}/whatsapp/${FROM}/messages`,
    call: (c) => c.v2Messages.sendText({ to: '+919876543210', body: 'hi' }),
  },
  'POST /v2/{sid}/whatsapp/{phone_number}/media': {
    path: `/v2/${SID}/whatsapp/${FROM}/media`,
    call: (c) => c.media.upload({ file: png, name: 'photo.png' }),
  },
  'POST /v2/{sid}/whatsapp/{waba_id}/resumable_media': {
    path: `/v2/${SID}/whatsapp/${WABA}/resumable_media`,
    call: (c) => c.media.uploadResumable({ wabaId: WABA, file: png, name: 'photo.png' }),
  },
  // With a query string, which the error's path must leave out.
  'GET /v2/{sid}/whatsapp/{waba_id}/resumable_media': {
    path: `/v2/${SID}/whatsapp/${WABA}/resumable_media`,
    call: (c) => c.media.listResumable({ wabaId: WABA, id: '639', limit: 5 }),
  },
  'POST /v1/{sid}/whatsapp/template': {
    path: `/v1/${SID}/whatsapp/template`,
    call: (c) =>
      c.templates.createV1({ name: 'Kaleyra_01', category: 'UTILITY', language: 'en', body: 'Hello {{1}}' }),
  },
  'POST /v2/{sid}/whatsapp/{waba_id}/message_templates': {
    path: `/v2/${SID}/whatsapp/${WABA}/message_templates`,
    call: (c) =>
      c.templates.create({ wabaId: WABA, name: 'order_update', category: 'UTILITY', language: 'en' }),
  },
  'GET /v2/{sid}/whatsapp/{waba_id}/message_templates': {
    path: `/v2/${SID}/whatsapp/${WABA}/message_templates`,
    call: (c) => c.templates.list({ wabaId: WABA }),
  },
  'DELETE /v2/{sid}/whatsapp/{waba_id}/message_templates': {
    path: `/v2/${SID}/whatsapp/${WABA}/message_templates`,
    call: (c) => c.templates.delete({ wabaId: WABA, name: 'order_update' }),
  },
  'POST /v2/{sid}/whatsapp/{waba_id}/flows': {
    path: `/v2/${SID}/whatsapp/${WABA}/flows`,
    call: (c) => c.flows.create({ wabaId: WABA, name: 'signup', categories: ['SIGN_UP'] }),
  },
  'POST /v2/{sid}/whatsapp/{flow_id}/publish': {
    path: `/v2/${SID}/whatsapp/1121234567890207/publish`,
    call: (c) => c.flows.publish({ flowId: '1121234567890207' }),
  },
  'GET /v1/{sid}/callback/profiles': {
    path: `/v1/${SID}/callback/profiles`,
    call: (c) => c.callbackProfiles.list({ limit: 25 }),
  },
};

const classFor = (status: number) =>
  ({
    400: KaleyraBadRequestError,
    401: KaleyraAuthenticationError,
    413: KaleyraPayloadTooLargeError,
    429: KaleyraRateLimitError,
  })[status] ?? (status >= 500 ? KaleyraServerError : KaleyraApiError);

async function rejection(promise: Promise<unknown>): Promise<KaleyraApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KaleyraApiError);
  return error as KaleyraApiError;
}

const examples = errorExamples();
const uses = exampleUses();
const known = new Map(knownErrorCodes().map((k) => [k.code, k.httpStatus]));
// The GET form of the v1 send has no SDK method (the SDK sends POST), so it is not exercised here.
const unwrapped = new Set(['GET /v1/{sid}/messages']);
const table = examples.flatMap((example) =>
  uses
    .filter((use) => use.example === example.file.replace(/\.yaml$/, '') && !unwrapped.has(use.operation))
    .map((use) => ({
      ...use,
      body: example,
      label: `${use.example} as ${use.status} from ${use.operation}`,
    })),
);

describe('documented error bodies through the client', () => {
  it('every Error*.yaml example is used by some operation, with the status KnownErrorCode gives its code', () => {
    expect(examples.length).toBeGreaterThanOrEqual(23);
    for (const example of examples) {
      const used = table.filter((row) => row.body === example);
      expect(used.length, `${example.file} is not referenced by any response`).toBeGreaterThan(0);
      for (const row of used) expect(row.status, row.label).toBe(known.get(example.code));
    }
    // Every operation that documents an error is exercised below.
    expect(new Set(table.map((row) => row.operation))).toEqual(new Set(Object.keys(calls)));
  });

  it.each(table)('$label', async ({ status, operation, body }) => {
    const { path, call } = calls[operation]!;
    const envelope = { code: body.code, message: body.message, data: body.data, error: body.error };
    t.server.respondWith({ status, body: envelope });

    const error = await rejection(call(t.client));
    expect(error).toBeInstanceOf(classFor(status));
    expect(error.status).toBe(status);
    expect(error.code).toBe(body.code);
    expect(error.normalizedCode).toBe(body.code.replace(/-/g, ''));
    expect(error.serverMessage).toBe(body.message);
    expect(error.fieldErrors).toEqual(typeof body.error === 'string' ? { error: body.error } : body.error);
    expect(error.method).toBe(operation.split(' ')[0]);
    expect(error.path).toBe(path);
    expect(error.message).toContain(`[${body.code}]`);
    expect(error.parsed).toEqual(envelope);
    // The default policy never retries these with maxRetries 0; one request reached the t.server.
    expect(t.server.requests).toHaveLength(1);
    expect(t.server.requests[0]!.path.split('?')[0]).toBe(path);
  });
});

describe('bodies that are not the envelope, through the client', () => {
  it('an HTML 502 from a proxy is a KaleyraServerError with no code and the page kept as body', async () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    t.server.respondWith({ status: 502, headers: { 'content-type': 'text/html' }, body: html });
    const error = await rejection(t.client.v2Messages.sendText({ to: '+919876543210', body: 'hi' }));
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect([error.status, error.code, error.normalizedCode, error.parsed]).toEqual([
      502,
      undefined,
      undefined,
      undefined,
    ]);
    expect(error.body).toBe(html);
    expect(error.fieldErrors).toEqual({});
    expect(error.message).toContain('title "502 Bad Gateway"');
    expect(error.path).toBe(`/v2/${SID}/whatsapp/${FROM}/messages`);
  });

  it('an empty 500 is a KaleyraServerError saying the body was empty', async () => {
    t.server.respondWith({ status: 500 });
    const error = await rejection(t.client.v1Messages.sendText({ to: '+919876543210', body: 'hi' }));
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect([error.status, error.code, error.body, error.method, error.path]).toEqual([
      500,
      undefined,
      '',
      'POST',
      `/v1/${SID}/messages`,
    ]);
    expect(error.message).toContain('empty');
  });

  it('a truncated JSON 400 is a KaleyraBadRequestError whose code is recovered from the fragment', async () => {
    const fragment = '{"code":"WA-400","message":"Refer to correct pay';
    t.server.respondWith({ status: 400, headers: { 'content-type': 'application/json' }, body: fragment });
    const error = await rejection(
      t.client.media.uploadResumable({ wabaId: WABA, file: png, name: 'photo.png' }),
    );
    expect(error).toBeInstanceOf(KaleyraBadRequestError);
    expect([error.code, error.normalizedCode, error.parsed, error.body]).toEqual([
      'WA-400',
      'WA400',
      undefined,
      fragment,
    ]);
    expect(error.fieldErrors).toEqual({});
    expect(error.message).toContain('truncated or invalid JSON');
  });
});

describe('the raw typed client', () => {
  it('returns { error } for a 401 instead of throwing, and the auth middleware still sent the key', async () => {
    const rbc = examples.find((e) => e.code === 'RBC001')!;
    t.server.respondWith({
      status: 401,
      body: { code: rbc.code, message: rbc.message, data: rbc.data, error: rbc.error },
    });
    const result = await t.client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: SID, phone_number: FROM } },
      body: {
        messaging_object: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '+919876543210',
          type: 'text',
          text: { body: 'hi' },
        },
      },
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ code: 'RBC001', message: rbc.message, data: rbc.data, error: rbc.error });
    expect(result.response.status).toBe(401);
    const [request] = t.server.requests;
    expect(request!.path).toBe(`/v2/${SID}/whatsapp/${FROM}/messages`);
    expect(request!.headers['api-key']).toBe(API_KEY);
    expect((request!.json as { messaging_object: { text: unknown } }).messaging_object.text).toEqual({
      body: 'hi',
    });
  });
});
