import { afterEach, describe, expect, it } from 'vitest';
import { createKaleyraClient } from '../../src/index.js';
import {
  defaultBroadcastId,
  jobFingerprint,
  memoryJournal,
  sendMany,
  type BroadcastJob,
  type BroadcastResult,
  type JournalRecord,
} from '../../src/broadcast/index.js';
import {
  ACCEPTED,
  busiestWindow,
  deliveriesPerKey,
  longestSilence,
  startSendServer,
  type SendServer,
} from './send-server.js';

const SID = 'HXAP16XXXXXX97IN';
let server: SendServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (url: string) =>
  createKaleyraClient({ sid: SID, apiKey: 'broadcast-test-key', baseUrl: url, from: '+919876543210' });
const phone = (i: number) => `+9198${String(10_000_000 + i).padStart(8, '0')}`;
const textJob = (key: string, to: string): BroadcastJob => ({
  key,
  api: 'v2',
  kind: 'text',
  message: { to, body: key },
});

/** What an earlier run of `jobs` left in a journal: its first line, then `records` (fingerprints filled in). */
function journalOf(jobs: BroadcastJob[], records: Array<Record<string, unknown> & { key: string }>) {
  const byKey = new Map(jobs.map((job) => [job.key, job]));
  return memoryJournal([
    { type: 'broadcast', id: defaultBroadcastId(jobs[0]!), version: 2, at: '2026-11-29T00:00:00Z' },
    ...records.map(
      (record) => ({ fingerprint: jobFingerprint(byKey.get(record.key)!), ...record }) as JournalRecord,
    ),
  ]);
}

async function collect(run: AsyncIterable<BroadcastResult>): Promise<Map<string, BroadcastResult>> {
  const results = new Map<string, BroadcastResult>();
  for await (const result of run) {
    expect(results.has(result.key), `a second result for ${result.key}`).toBe(false);
    results.set(result.key, result);
  }
  return results;
}

describe('sendMany against a loopback server', () => {
  it('sends 5,000 jobs within the rate, pauses every lane on a 429, and never delivers a message twice', async () => {
    const RATE = 1_000;
    const RETRY_AFTER_S = 1;
    // Deterministic trouble spread over the run: 429s, 5xx, answers slower than the timeout, 4xx.
    server = await startSendServer((key, index) => {
      if (index > 0 && index % 1_200 === 0)
        return {
          status: 429,
          headers: { 'retry-after': String(RETRY_AFTER_S) },
          body: { code: 'WA429', message: 'Too many requests', data: {}, error: {} },
        };
      if (key.endsWith('500'))
        return {
          status: 500,
          body: { code: 'WA500', message: 'Internal server error', data: {}, error: {} },
        };
      if (key.endsWith('777')) return { ...ACCEPTED(), delayMs: 10_000 };
      if (key.endsWith('400'))
        return {
          status: 400,
          body: { code: 'E13009', message: 'to_invalid', data: {}, error: { to: 'invalid' } },
        };
      return { ...ACCEPTED(), delayMs: index % 7 };
    });
    const jobs = Array.from({ length: 5_000 }, (_, i) =>
      textJob(`job-${i}`, i % 1_000 === 123 ? '12' : phone(i)),
    );

    const run = sendMany(clientFor(server.url), jobs, {
      concurrency: 16,
      ratePerSecond: RATE,
      timeoutMs: 6_000,
    });
    const results = await collect(run);
    const summary = await run.summary();

    expect(results.size).toBe(5_000);
    const outcome = (key: string) => results.get(key)?.outcome;
    // Invalid numbers never left the machine: rejected by rule, absent at the server.
    for (let i = 123; i < 5_000; i += 1_000) {
      expect(results.get(`job-${i}`)).toMatchObject({
        outcome: 'rejected',
        field: 'to',
        rule: expect.any(String),
      });
    }
    const arrived = deliveriesPerKey(server.sends);
    expect(arrived.has('job-123')).toBe(false);
    // No key reached the server twice except as a 429, which is never processed.
    expect([...arrived.values()].every((n) => n === 1)).toBe(true);
    // 5xx and the slow answers are uncertain, sent once, not again; 4xx answers are rejected with the code.
    expect(outcome('job-500')).toBe('uncertain');
    expect(outcome('job-777')).toBe('uncertain');
    expect(results.get('job-400')).toMatchObject({
      outcome: 'rejected',
      status: 400,
      code: 'E13009',
      fieldErrors: { to: 'invalid' },
    });
    const expected = { rejected: 5 + 5, uncertain: 5 + 5 };
    expect(summary).toMatchObject({ total: 5_000, skipped: 0, ...expected, accepted: 5_000 - 20 });
    expect(summary.rateLimited).toBe(server.sends.filter((s) => s.status === 429).length);
    expect(summary.rateLimited).toBeGreaterThanOrEqual(3);
    for (const [key, result] of results)
      if (result.outcome === 'accepted') expect(arrived.get(key), key).toBe(1);

    // The rate measured at the server: never above the limit over the run, nor in any second of it
    // (the bucket allows a burst of one, so a window holds at most RATE + 1 starts).
    const sends = server.sends;
    const span = (sends.at(-1)!.at - sends[0]!.at) / 1_000;
    expect(sends.length / span).toBeLessThanOrEqual(RATE * 1.02);
    expect(busiestWindow(sends, 1_000)).toBeLessThanOrEqual(RATE + 2);

    // Each 429 stopped every lane: the server then heard nothing for about its Retry-After (sends
    // already on their way when it was answered may still land at the start of the silence).
    for (const limited of sends.filter((s) => s.status === 429)) {
      expect(
        longestSilence(sends, limited.at, 3 * RETRY_AFTER_S * 1_000),
        `silence after the 429 at ${limited.at}`,
      ).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1_000 * 0.6);
    }
  }, 300_000);

  it('skips what the journal already has, and does not resend an interrupted attempt', async () => {
    server = await startSendServer();
    const jobs = ['a', 'b', 'c', 'd'].map((key, i) => textJob(key, phone(i)));
    const journal = journalOf(jobs, [
      {
        type: 'outcome',
        at: '2026-11-29T00:00:00Z',
        key: 'a',
        outcome: 'accepted',
        messageId: 'wamid.earlier',
      },
      { type: 'attempt', at: '2026-11-29T00:00:01Z', key: 'b' },
      { type: 'attempt', at: '2026-11-29T00:00:02Z', key: 'c' },
      { type: 'outcome', at: '2026-11-29T00:00:03Z', key: 'c', outcome: 'uncertain', reason: 'timeout' },
    ]);
    const results = await collect(sendMany(clientFor(server.url), jobs, { journal }));
    expect(results.get('a')).toMatchObject({
      outcome: 'skipped',
      earlier: { outcome: 'accepted', messageId: 'wamid.earlier' },
    });
    expect(results.get('b')).toMatchObject({
      outcome: 'uncertain',
      reason: expect.stringContaining('earlier run'),
    });
    expect(results.get('c')).toMatchObject({ outcome: 'skipped', earlier: { outcome: 'uncertain' } });
    expect(results.get('d')).toMatchObject({
      outcome: 'accepted',
      messageId: expect.stringMatching(/^wamid\./),
    });
    expect(server.sends.map((s) => s.key)).toEqual(['d']);
    // The journal now settles b and records d's attempt before its outcome.
    const tail = journal.records.slice(5).map((r) => [r.type, 'key' in r ? r.key : r.id]);
    expect(tail).toEqual(
      expect.arrayContaining([
        ['outcome', 'b'],
        ['attempt', 'd'],
        ['outcome', 'd'],
      ]),
    );
    expect(tail.findIndex(([t, k]) => t === 'attempt' && k === 'd')).toBeLessThan(
      tail.findIndex(([t, k]) => t === 'outcome' && k === 'd'),
    );
  });

  it('with retryMaybeDelivered, sends interrupted and uncertain jobs again', async () => {
    server = await startSendServer();
    const jobs = [textJob('b', phone(1)), textJob('c', phone(2))];
    const journal = journalOf(jobs, [
      { type: 'attempt', at: '2026-11-29T00:00:01Z', key: 'b' },
      { type: 'outcome', at: '2026-11-29T00:00:03Z', key: 'c', outcome: 'uncertain', reason: 'timeout' },
    ]);
    const results = await collect(
      sendMany(clientFor(server.url), jobs, {
        journal,
        retryMaybeDelivered: true,
      }),
    );
    expect([...results.values()].map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
    expect(server.sends.map((s) => s.key).sort()).toEqual(['b', 'c']);
  });

  it('rejects a repeated key and a missing key without sending them', async () => {
    server = await startSendServer();
    const jobs = [textJob('same', phone(1)), textJob('same', phone(2)), textJob('', phone(3))];
    const results: BroadcastResult[] = [];
    for await (const result of sendMany(clientFor(server.url), jobs, { concurrency: 1 }))
      results.push(result);
    expect(results).toMatchObject([
      { key: 'same', outcome: 'accepted' },
      { key: 'same', outcome: 'rejected', field: 'key', rule: 'unique' },
      { key: '', outcome: 'rejected', field: 'key', rule: 'required' },
    ]);
    expect(server.sends).toHaveLength(1);
  });

  it('never runs more than `concurrency` sends at once', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startSendServer(() => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => inFlight--, 20);
      return { ...ACCEPTED(), delayMs: 20 };
    });
    const summary = await sendMany(
      clientFor(server.url),
      Array.from({ length: 60 }, (_, i) => textJob(`k${i}`, phone(i))),
      { concurrency: 3 },
    ).summary();
    expect(summary).toMatchObject({ accepted: 60, total: 60 });
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it('holds lanes back for a slow consumer without losing or stalling any of them', async () => {
    server = await startSendServer();
    const jobs = Array.from({ length: 120 }, (_, i) => textJob(`slow-${i}`, phone(i)));
    const keys: string[] = [];
    for await (const result of sendMany(clientFor(server.url), jobs, { concurrency: 4 })) {
      keys.push(result.key);
      await new Promise((resolve) => setTimeout(resolve, 2));
      // The buffer is bounded (4 results per lane): the server is never far ahead of the consumer.
      expect(server.sends.length - keys.length).toBeLessThanOrEqual(4 * 4 + 4);
    }
    expect(keys.sort()).toEqual(jobs.map((j) => j.key).sort());
  });

  it('stops starting sends when the consumer leaves the loop', async () => {
    server = await startSendServer(() => ({ ...ACCEPTED(), delayMs: 5 }));
    const run = sendMany(
      clientFor(server.url),
      Array.from({ length: 200 }, (_, i) => textJob(`stop-${i}`, phone(i))),
      { concurrency: 4 },
    );
    let seen = 0;
    for await (const _result of run) if (++seen === 10) break;
    const summary = await run.summary();
    expect(summary.total).toBeLessThan(200);
    expect(server.sends.length).toBe(summary.requests);
    expect(server.sends.length).toBeLessThanOrEqual(10 + 4 * 4 + 4);
  });

  it('refuses bad options with the field and rule', () => {
    const client = clientFor('http://127.0.0.1:9');
    expect(() => sendMany(client, [], { concurrency: 0 })).toThrow(/concurrency \(positive-integer\)/);
    expect(() => sendMany(client, [], { ratePerSecond: -1 })).toThrow(/ratePerSecond \(positive\)/);
  });
});
