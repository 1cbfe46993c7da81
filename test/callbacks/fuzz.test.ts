import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCallback, type CallbackParseResult } from '../../src/callbacks/index.js';
import { classifyPayload } from '../../src/callbacks/classify.js';
import { BASE } from './requests.js';

const KINDS = ['status', 'incoming', 'upload', 'template', 'limit', 'unknown'];
const REASONS = [
  'invalid-json',
  'body-too-large',
  'bad-timestamp',
  'missing-id',
  'unsupported-method',
  'unsupported-content-type',
  'unreadable-body',
  'invalid-request',
];

/** Keys the parser looks for, so the generator reaches its branches instead of only 'unknown'. */
const knownKey = fc.constantFrom(
  'id',
  'status',
  'message_id',
  'from',
  'type',
  'body',
  'created_at',
  'media_url',
  'wanumber',
  'mobile',
  'location',
  'contacts',
  'message',
  'resumable_media_id',
  'uploaded_file_handle',
  'time',
  'event',
  'message_template_id',
  'display_phone_number',
  'current_limit',
  'extra_info',
  'meta_object',
  'messages',
  'statuses',
  'timestamp',
  '__proto__',
  'constructor',
);
const maybeQuoted = (arb: fc.Arbitrary<string>) =>
  fc.tuple(arb, fc.boolean()).map(([s, q]) => (q ? `"${s}"` : s));
const key = maybeQuoted(fc.oneof(knownKey, fc.string()));
const value = maybeQuoted(
  fc.oneof(
    fc.string(),
    fc.constantFrom(
      'sent',
      '0',
      'NOT-SENT',
      'UPLOADED',
      'Approved',
      '1722834665',
      '172XXXXXXX',
      '',
      'text',
      'image',
      '{"latitude":1}',
    ),
  ),
);

function check(result: CallbackParseResult): void {
  if (result.ok) expect(KINDS).toContain(result.event.kind);
  else {
    expect(REASONS).toContain(result.rejection.reason);
    expect(result.rejection.status).toBe(400);
  }
}

/** A JSON value that sometimes wears the envelope, so deep paths get arbitrary contents too. */
const jsonPayload = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(knownKey, fc.jsonValue()),
  fc.record({
    meta_object: fc.record({
      value: fc.dictionary(
        knownKey,
        fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(knownKey, fc.jsonValue()))),
      ),
    }),
  }),
  fc.record({
    messages: fc.array(
      fc.dictionary(
        fc.oneof(knownKey, fc.constantFrom('text', 'interactive', 'location', 'image', 'context')),
        fc.jsonValue(),
      ),
    ),
  }),
);

// 10,000 runs each: seconds on a quiet machine, but a shared 2-core box under load took over 20 s
// (before any change to the parser), so the budget is generous; the runs are not cut.
const FUZZ_BUDGET_MS = 120_000;

describe('parseCallback never throws', () => {
  it(
    'on arbitrary query strings',
    async () => {
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.dictionary(key, value).map((d) => new URLSearchParams(Object.entries(d)).toString()),
            fc.array(fc.tuple(key, value)).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
          ),
          async (query) => {
            let request: Request;
            try {
              request = new Request(`${BASE}?${query}`);
            } catch {
              return; // Not a URL fetch would accept; no callback can arrive that way.
            }
            check(await parseCallback(request));
          },
        ),
        { numRuns: 10_000 },
      );
      console.info(`query fuzz: 10,000 runs in ${Math.round(performance.now() - started)} ms`);
    },
    FUZZ_BUDGET_MS,
  );

  it(
    'on arbitrary JSON, invalid JSON and form bodies',
    async () => {
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            jsonPayload.map((v) => JSON.stringify(v) ?? 'null'),
            fc.string(),
            fc.string({ unit: 'binary' }),
          ),
          fc.constantFrom(
            'application/json',
            'application/x-www-form-urlencoded',
            'text/plain',
            null,
            'application/xml',
          ),
          fc.constantFrom('POST', 'GET', 'PUT'),
          async (body, contentType, method) => {
            const headers = contentType === null ? undefined : { 'content-type': contentType };
            const request = new Request(BASE, method === 'GET' ? { method } : { method, body, headers });
            check(await parseCallback(request, { maxBodyBytes: 4096 }));
          },
        ),
        { numRuns: 10_000 },
      );
      console.info(`body fuzz: 10,000 runs in ${Math.round(performance.now() - started)} ms`);
    },
    FUZZ_BUDGET_MS,
  );

  // parseCallback turns a throwing builder into an 'unknown' event; this proves none needs that net.
  it(
    'classifies arbitrary payloads without leaning on the safety net',
    () => {
      fc.assert(
        fc.property(fc.oneof(jsonPayload, fc.dictionary(key, value)), (payload) => {
          const outcome = classifyPayload(payload, new Date(0));
          expect('kind' in outcome || 'reason' in outcome).toBe(true);
        }),
        { numRuns: 10_000 },
      );
    },
    FUZZ_BUDGET_MS,
  );
});
