// A BullMQ worker checks jobs as sendMany does: whoever filled the queue (a raw queue.add from another
// service, an old release), a malformed job is rejected with its field and rule and never sent, and
// every `to` is read against the numbering plan (libphonenumber-js), local numbers as the worker's
// defaultCountry's. The same jobs go through sendMany, and the two must give the same outcomes.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROADCAST_JOB_NAME,
  broadcastJobId,
  createBroadcastWorker,
  waitForOutcomes,
  type BroadcastJobData,
} from '../../src/broadcast/bullmq/index.js';
import {
  sendMany,
  type BroadcastJob,
  type CountryCode,
  type FinalResult,
} from '../../src/broadcast/index.js';
import { createKaleyraClient } from '../../src/index.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

/** Queued as another service might: plain data, some of it not a job at all. */
const QUEUED: Array<Record<string, unknown>> = [
  { key: 'good', api: 'v2', kind: 'text', message: { to: '+919812345600', body: 'good' } },
  { key: 'local', api: 'v2', kind: 'text', message: { to: '98123 45601', body: 'local' } },
  { key: 'trunk-zero', api: 'v2', kind: 'text', message: { to: '(0)98123-45602', body: 'trunk-zero' } },
  { api: 'v2', kind: 'text', message: { to: '+919812345603', body: 'keyless' } },
  { key: 'no-message', api: 'v2', kind: 'text' },
  { key: 'message-text', api: 'v2', kind: 'text', message: 'hello' },
  { key: 'v3', api: 'v3', kind: 'text', message: { to: '+919812345604', body: 'v3' } },
  { key: 'fax', api: 'v2', kind: 'fax', message: { to: '+919812345605', body: 'fax' } },
  { key: 'no-such-prefix', api: 'v2', kind: 'text', message: { to: '+91 00000 00000', body: 'x' } },
  { key: 'too-short', api: 'v2', kind: 'text', message: { to: '+91 98123', body: 'x' } },
  { key: 'spreadsheet', api: 'v2', kind: 'text', message: { to: '9.19812E+11', body: 'x' } },
  { key: 'number-type', api: 'v2', kind: 'text', message: { to: 919812345606, body: 'x' } },
  { key: 'no-body', api: 'v2', kind: 'text', message: { to: '+919812345607' } },
  {
    key: 'v1-second-bad',
    api: 'v1',
    kind: 'text',
    message: { to: ['+919812345608', '+91 00000'], body: 'v1-second-bad' },
  },
];
const keyOf = (data: Record<string, unknown>) => (typeof data.key === 'string' ? data.key : '');
const SENDABLE = { IN: ['good', 'local', 'trunk-zero'], none: ['good'] };

const skip = skipWithoutRedis('the BullMQ worker validation (test/broadcast/fleet-validation.test.ts)');
let redis: RedisServer;
let server: SendServer;
beforeAll(async () => {
  if (skip) return;
  redis = await startRedis();
  server = await startSendServer(() => ACCEPTED());
}, 30_000);
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const client = (baseUrl: string) =>
  createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'fleet-validation-key-123',
    baseUrl,
    from: '+919876543210',
  });

/** What a result says about validation: its outcome, and for a rejection the field, rule and reason. */
const verdict = (result: FinalResult) =>
  result.outcome === 'rejected'
    ? {
        key: result.key,
        outcome: result.outcome,
        field: result.field,
        rule: result.rule,
        reason: result.reason,
      }
    : { key: result.key, outcome: result.outcome };

async function throughWorker(defaultCountry: CountryCode | undefined): Promise<Map<string, FinalResult>> {
  const queueName = `validation-${defaultCountry ?? 'none'}-${Date.now()}`;
  const connection = { ...redis.connection, maxRetriesPerRequest: null };
  // Untyped data, as a queue filled by other code holds it.
  const raw = new Queue<Record<string, unknown>>(queueName, { connection });
  for (const data of QUEUED)
    await raw.add(BROADCAST_JOB_NAME, data, { jobId: broadcastJobId(keyOf(data)), attempts: 3 });
  const worker = await createBroadcastWorker(client(server.url), queueName, {
    connection,
    concurrency: 4,
    ...(defaultCountry ? { defaultCountry } : {}),
  });
  const queue = new Queue<BroadcastJobData, FinalResult>(queueName, { connection });
  const results = new Map<string, FinalResult>();
  try {
    const summary = await waitForOutcomes(queue, QUEUED.map(keyOf), {
      pollMs: 50,
      onResult: (result) => results.set(result.key, result),
    });
    expect(summary.lost).toEqual([]);
  } finally {
    await worker.close();
    await queue.close();
    await raw.close();
  }
  return results;
}

/** The same data through sendMany, against a fetch that accepts everything without a network. */
async function throughSendMany(defaultCountry: CountryCode | undefined): Promise<Map<string, FinalResult>> {
  const stub = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'fleet-validation-key-123',
    baseUrl: 'http://127.0.0.1:9',
    from: '+919876543210',
    fetch: async () =>
      new Response(JSON.stringify(ACCEPTED().body), {
        status: 202,
        headers: { 'content-type': 'application/json' },
      }),
  });
  const results = new Map<string, FinalResult>();
  // Plain data handed to sendMany from JavaScript, as the queue hands it to the worker.
  const jobs = QUEUED as unknown as BroadcastJob[];
  for await (const result of sendMany(stub, jobs, {
    ...(defaultCountry ? { defaultCountry } : {}),
  }))
    if (result.outcome !== 'skipped') results.set(result.key, result);
  return results;
}

describe.skipIf(skip)('a BullMQ worker validates jobs as sendMany does', () => {
  for (const country of ['IN', undefined] as const) {
    it(`defaultCountry ${country ?? 'unset'}: malformed jobs rejected with field and rule, never sent; numbers read against the numbering plan`, async () => {
      const from = server.sends.length;
      const worker = await throughWorker(country);
      const inProcess = await throughSendMany(country);
      expect(worker.size).toBe(QUEUED.length);
      // The same outcome, field, rule and reason for every job, whichever way it went.
      for (const data of QUEUED) {
        const key = keyOf(data);
        expect(verdict(worker.get(key)!), key).toEqual(verdict(inProcess.get(key)!));
      }
      const sendable = SENDABLE[country ?? 'none'];
      const rules = Object.fromEntries(
        [...worker].map(([key, r]) => [key, r.outcome === 'rejected' ? `${r.field}/${r.rule}` : r.outcome]),
      );
      expect(rules).toEqual({
        good: 'accepted',
        local: sendable.includes('local') ? 'accepted' : 'to/country-code',
        'trunk-zero': sendable.includes('trunk-zero') ? 'accepted' : 'to/country-code',
        '': 'key/required',
        'no-message': 'message/required',
        'message-text': 'message/object',
        v3: 'api/one-of',
        fax: 'kind/one-of',
        'no-such-prefix': 'to/numbering-plan',
        'too-short': 'to/numbering-plan',
        spreadsheet: 'to/e164',
        'number-type': 'to/e164',
        'no-body': 'body/text',
        'v1-second-bad': 'to/numbering-plan',
      });
      expect(worker.get('v1-second-bad')).toMatchObject({ reason: expect.stringMatching(/^to entry 2 /) });
      // Only the sendable jobs reached Kaleyra, once each, with `to` in E.164.
      const sends = server.sends.slice(from);
      expect([...deliveriesPerKey(sends)].sort()).toEqual(sendable.map((key) => [key, 1]).sort());
      if (country === 'IN') {
        const to = (key: string) =>
          JSON.parse(sends.find((send) => send.key === key)!.body).messaging_object.to;
        expect([to('local'), to('trunk-zero')]).toEqual(['+919812345601', '+919812345602']);
      }
    }, 60_000);
  }

  it('a defaultCountry without a numbering plan fails the worker at start, before it takes a job', async () => {
    await expect(
      createBroadcastWorker(client(server.url), `validation-country-${Date.now()}`, {
        connection: { ...redis.connection, maxRetriesPerRequest: null },
        defaultCountry: 'XX' as CountryCode,
      }),
    ).rejects.toMatchObject({ name: 'KaleyraValidationError', field: 'defaultCountry', rule: 'country' });
  });
});
