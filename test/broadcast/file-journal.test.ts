import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  ftruncateSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraJournalError } from '../../src/index.js';
import {
  jobFingerprint,
  lastResult,
  parseJournalLines,
  sendMany,
  type BroadcastJob,
  type BroadcastResult,
} from '../../src/broadcast/index.js';
import { fileJournal } from '../../src/node/index.js';
import { remainingKeys, taken } from './journal-runs.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kaleyra-file-journal-'));
let n = 0;
const fresh = (text?: string) => {
  const path = join(dir, `j${++n}.jsonl`);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};
const job = (key: string, body = key): BroadcastJob => ({
  key,
  api: 'v2',
  kind: 'text',
  message: { to: '+919812345678', body },
});
const HEADER = '{"type":"broadcast","id":"b1","version":2,"at":"t"}\n';
const accepted = (key: string) =>
  JSON.stringify({
    type: 'outcome',
    fingerprint: jobFingerprint(job(key)),
    at: 't',
    key,
    outcome: 'accepted',
    messageId: `wamid.${key}`,
  }) + '\n';
const attempt = (key: string) =>
  JSON.stringify({ type: 'attempt', key, fingerprint: jobFingerprint(job(key)), at: 't' }) + '\n';

const keys = (records: ReturnType<typeof parseJournalLines>) =>
  records.map((r) => ('key' in r ? r.key : `#${r.id}`));

describe('fileJournal load', () => {
  it('reads a last line cut at every byte, or NUL-padded as after a power cut, as cut short; the next record starts a line of its own', async () => {
    const whole = HEADER + accepted('a') + attempt('b');
    const lastStart = (HEADER + accepted('a')).length;
    const tails = [
      ...Array.from({ length: attempt('b').length - 2 }, (_, cut) => whole.slice(0, lastStart + cut + 1)),
      HEADER + accepted('a') + '\0'.repeat(4096), // the size grew, the data never came
      HEADER + accepted('a') + '{"type":"att' + '\0'.repeat(3000),
      HEADER + accepted('a') + '\0'.repeat(512) + attempt('b').slice(0, 9),
    ];
    for (const text of tails) {
      const path = fresh(text);
      const journal = fileJournal(path);
      const state = await journal.load();
      const label = JSON.stringify(text.slice(lastStart, lastStart + 40));
      expect(state.broadcastId, label).toBe('b1');
      expect(remainingKeys(state), label).toEqual(['a']);
      expect(lastResult(taken(state, 'a')), label).toMatchObject({
        outcome: 'accepted',
        messageId: 'wamid.a',
      });
      await journal.append({ type: 'attempt', key: 'c', fingerprint: 'f', at: 't' });
      await journal.close();
      const after = readFileSync(path, 'utf8');
      expect(after.endsWith('\n{"type":"attempt","key":"c","fingerprint":"f","at":"t"}\n'), label).toBe(true);
      // And the file reads back, the cut line still skipped, with nothing repaired by hand.
      expect(keys(parseJournalLines(after)), label).toEqual(['#b1', 'a', 'c']);
    }
    // A complete last record without its line feed counts: its send may have started.
    const unterminated = fresh(HEADER + attempt('b').trimEnd());
    const journal = fileJournal(unterminated);
    expect(lastResult(taken(await journal.load(), 'b'))).toBe('interrupted');
    await journal.close();
  });

  it('streams: a journal longer than the longest string V8 can hold (a 600 MB NUL tail, sparse) loads', async () => {
    const path = fresh(HEADER + accepted('a'));
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(2 ** 29);
    const journal = fileJournal(path);
    const state = await journal.load();
    expect(remainingKeys(state)).toEqual(['a']);
    await journal.close();
  }, 60_000);

  it('refuses a file that is not a journal, and one written before journals named their broadcast', async () => {
    await expect(fileJournal(fresh('phone,name\n+919812345678,Asha\n')).load()).rejects.toThrow(
      /line 1 is not JSON; is this a broadcast journal\?/,
    );
    const legacy = fresh('{"type":"outcome","at":"t","key":"a","outcome":"accepted"}\n');
    const refused = await fileJournal(legacy)
      .load()
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KaleyraJournalError);
    expect(refused).toMatchObject({ reason: 'not-a-journal', journal: legacy });
    expect(String(refused)).toContain('before the line naming the broadcast');
    // Refused journals are not left locked.
    await expect(fileJournal(legacy).load()).rejects.toThrow(/before the line naming the broadcast/);
  });

  it('one writer: a second journal on the same file fails at once naming the file and the holder, until the first closes', async () => {
    const path = fresh();
    const first = fileJournal(path);
    await first.load();
    const second = fileJournal(path);
    const refused = await second.load().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KaleyraJournalError);
    expect(refused).toMatchObject({ reason: 'in-use', journal: path });
    expect((refused as Error).message).toContain(`${path} is in use by process ${process.pid}`);
    await first.close();
    const third = fileJournal(path);
    await third.load();
    await third.close();
  });
});

describe('sendMany with a file journal', () => {
  let server: SendServer;
  beforeAll(async () => {
    server = await startSendServer();
  });
  afterAll(() => server.close());
  const client = () =>
    createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'file-journal-key',
      baseUrl: server.url,
      from: '+919876543210',
    });
  const run = async (jobs: BroadcastJob[], path: string, broadcastId?: string) => {
    const results: BroadcastResult[] = [];
    const options = { journal: fileJournal(path), ...(broadcastId ? { broadcastId } : {}) };
    for await (const result of sendMany(client(), jobs, options)) results.push(result);
    return results;
  };

  it('refuses the journal of another broadcast before sending anything, and reports a key whose message changed', async () => {
    const path = fresh();
    const jobs = ['a', 'b', 'c'].map((key) => job(key, `order ${key}`));
    expect((await run(jobs, path, 'order_update')).map((r) => r.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    const before = server.sends.length;
    const other = await run(jobs, path, 'diwali_promo').catch((error: unknown) => error);
    expect(other).toBeInstanceOf(KaleyraJournalError);
    expect(other).toMatchObject({ reason: 'other-broadcast' });
    expect((other as Error).message).toContain(`${path} belongs to broadcast "order_update"`);
    expect((other as Error).message).toContain('"diwali_promo"');
    expect(server.sends.length).toBe(before);

    // The same broadcast, one message changed: reported with its rule, not skipped, not sent.
    const changed = [job('a', 'order a'), job('b', 'order b, corrected'), job('c', 'order c')];
    const results = new Map((await run(changed, path, 'order_update')).map((r) => [r.key, r]));
    expect(results.get('a')).toMatchObject({ outcome: 'skipped' });
    expect(results.get('b')).toMatchObject({
      outcome: 'rejected',
      field: 'message',
      rule: 'same-as-journaled',
      reason: expect.stringContaining('another message'),
    });
    expect(server.sends.length).toBe(before);
    expect([...deliveriesPerKey(server.sends).values()].every((times) => times === 1)).toBe(true);
  });

  it('the first job names the broadcast when no id is given: another text to the same keys is refused', async () => {
    const path = fresh();
    await run([job('x', 'hello'), job('y', 'hello')], path);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(
      /^\{"type":"broadcast","id":"v2 text #[0-9a-f]{16}"/,
    );
    await expect(run([job('x', 'goodbye'), job('y', 'goodbye')], path)).rejects.toThrow(
      /belongs to broadcast/,
    );
  });

  it('a job without a message, or of an unknown kind, is rejected with field and rule, never uncertain', async () => {
    const path = fresh();
    const before = server.sends.length;
    const malformed = [
      { key: 'no-message', api: 'v2', kind: 'text' },
      { key: 'null-message', api: 'v2', kind: 'text', message: null },
      { key: 'no-kind', api: 'v2', kind: 'telegram', message: { to: '+919812345678', body: 'x' } },
      { key: 'no-api', api: 'v3', kind: 'text', message: { to: '+919812345678', body: 'x' } },
    ] as unknown as BroadcastJob[];
    const results = new Map((await run(malformed, path, 'malformed')).map((r) => [r.key, r]));
    expect(results.get('no-message')).toMatchObject({
      outcome: 'rejected',
      field: 'message',
      rule: 'required',
    });
    expect(results.get('null-message')).toMatchObject({
      outcome: 'rejected',
      field: 'message',
      rule: 'required',
    });
    expect(results.get('no-kind')).toMatchObject({ outcome: 'rejected', field: 'kind', rule: 'one-of' });
    expect(results.get('no-api')).toMatchObject({ outcome: 'rejected', field: 'api', rule: 'one-of' });
    expect(server.sends.length).toBe(before);
    // Nothing was attempted, so nothing of theirs is journaled: a corrected job goes out next time.
    expect(keys(parseJournalLines(readFileSync(path, 'utf8')))).toEqual(['#malformed']);

    // A malformed first job still names the broadcast (the same way every run), before the good ones.
    const unnamed = fresh();
    const mixed = [...malformed, job('good')];
    expect((await run(mixed, unnamed)).at(-1)).toMatchObject({ key: 'good', outcome: 'accepted' });
    expect(keys(parseJournalLines(readFileSync(unnamed, 'utf8')))).toEqual([
      expect.stringMatching(/^#v2 text #[0-9a-f]{16}$/),
      'good',
      'good',
    ]);
    expect((await run(mixed, unnamed)).at(-1)).toMatchObject({ key: 'good', outcome: 'skipped' });
  });

  it('group commit: with 16 lanes sharing writes, each attempt is in the file whole before its send arrives', async () => {
    const path = fresh();
    const missing: string[] = [];
    const checking = await startSendServer((key) => {
      // On arrival, before answering: the file must already hold this key's attempt line.
      const attempted = readFileSync(path, 'utf8').includes(`{"type":"attempt","key":"${key}",`);
      if (!attempted) missing.push(key);
      return { ...ACCEPTED(), delayMs: 1 };
    });
    try {
      const jobs = Array.from({ length: 400 }, (_, i) => job(`lane-${i}`));
      const summary = await sendMany(
        createKaleyraClient({
          sid: 'HXAP16XXXXXX97IN',
          apiKey: 'file-journal-key',
          baseUrl: checking.url,
          from: '+919876543210',
        }),
        jobs,
        { concurrency: 16, journal: fileJournal(path) },
      ).summary();
      expect(summary.accepted).toBe(400);
      expect(checking.sends).toHaveLength(400);
      expect(missing).toEqual([]);
      // Every record is there, once, whatever writes it shared.
      const records = parseJournalLines(readFileSync(path, 'utf8'));
      expect(records).toHaveLength(1 + 2 * 400);
    } finally {
      await checking.close();
    }
  });

  it('a send that never left (refused connection) is tried again, then rejected as never sent, and journaled', async () => {
    const path = fresh();
    // A loopback port nobody listens on any more: the connection is refused before any byte is sent.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const refused = createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'refused-test-key',
      baseUrl: `http://127.0.0.1:${port}`,
      from: '+919876543210',
    });
    const broadcast = sendMany(refused, [job('r')], { maxAttempts: 2, journal: fileJournal(path) });
    const results = [];
    for await (const result of broadcast) results.push(result);
    expect(results).toMatchObject([
      { key: 'r', outcome: 'rejected', reason: expect.stringMatching(/^never sent: /) },
    ]);
    expect((await broadcast.summary()).requests).toBe(2);
    expect(parseJournalLines(readFileSync(path, 'utf8')).map((r) => r.type)).toEqual([
      'broadcast',
      'attempt',
      'attempt',
      'outcome',
    ]);
  });
});
