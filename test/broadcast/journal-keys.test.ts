import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKaleyraClient } from '../../src/index.js';
import {
  AMBIGUOUS_KEY,
  defaultBroadcastId,
  jobFingerprint,
  JournalKeys,
  memoryJournal,
  sendMany,
  type BroadcastJob,
  type BroadcastJournal,
  type JournalEntry,
  type JournalRecord,
} from '../../src/broadcast/index.js';
import { fileJournal } from '../../src/node/index.js';
import { latestRecords, taken } from './journal-runs.js';
import { startSendServer, type SendServer } from './send-server.js';

const job = (key: string, body = `hello ${key}`): BroadcastJob => ({
  key,
  api: 'v2',
  kind: 'text',
  message: { to: '+919812345678', body },
});
const outcome = (key: string, messageId = `wamid.${key}`): JournalEntry => ({
  type: 'outcome',
  fingerprint: jobFingerprint(job(key)),
  at: 't',
  key,
  outcome: 'accepted',
  messageId,
});
const attempt = (key: string): JournalEntry => ({
  type: 'attempt',
  key,
  fingerprint: jobFingerprint(job(key)),
  at: 't',
});

let server: SendServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('JournalKeys', () => {
  it('keeps where each key last was, reads the record back once met, and counts what is left', () => {
    const records = [attempt('a'), attempt('b'), outcome('a'), attempt('c'), outcome('b', 'wamid.b2')];
    const reads: number[] = [];
    const keys = new JournalKeys((place) => (reads.push(place), records[place]));
    records.forEach((record, place) => keys.set(record.key, place));
    expect(reads).toEqual([]); // nothing is read while loading
    expect(keys.size).toBe(3);
    expect(keys.take('b')).toEqual(outcome('b', 'wamid.b2'));
    expect(reads).toEqual([4]);
    expect(keys.size).toBe(2);
    expect(keys.take('zzz')).toBeUndefined();
    expect([...keys.remaining()].map((entry) => [entry.key, entry.type])).toEqual([
      ['a', 'outcome'],
      ['c', 'attempt'],
    ]);
  });

  it('two keys with one hash: the key whose record the entry does not hold is ambiguous, the other is read as usual', () => {
    const records = [outcome('a'), outcome('b')];
    const keys = new JournalKeys(
      (place) => records[place],
      () => [7, 7],
    );
    records.forEach((record, place) => keys.set(record.key, place));
    expect(keys.size).toBe(1);
    expect(keys.take('a')).toBe(AMBIGUOUS_KEY);
    expect(keys.take('b')).toEqual(outcome('b'));
    expect(keys.take('not-in-the-journal')).toBe(AMBIGUOUS_KEY);
  });

  it('sendMany refuses a key the journal cannot tell apart, and sends nothing for it', async () => {
    server = await startSendServer();
    const jobs = [job('a'), job('b'), job('c')];
    // The journal of an earlier run that accepted b; every key hashes alike in this one.
    const records: JournalRecord[] = [
      { type: 'broadcast', id: defaultBroadcastId(jobs[0]!), version: 2, at: 't' },
      outcome('b'),
    ];
    const inner = memoryJournal(records);
    const journal: BroadcastJournal = {
      ...inner,
      async load() {
        const state = await inner.load();
        const entries = new JournalKeys(
          (place) => records[place] as JournalEntry,
          () => [7, 7],
        );
        entries.set('b', 1);
        return { ...state, entries };
      },
    };
    const client = createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'journal-keys-test-key',
      baseUrl: server.url,
      from: '+919876543210',
    });
    const results = new Map<string, unknown>();
    for await (const result of sendMany(client, jobs, { journal, concurrency: 1 }))
      results.set(result.key, result);
    expect(results.get('a')).toMatchObject({
      outcome: 'rejected',
      field: 'key',
      rule: 'journal-unambiguous',
    });
    expect(results.get('b')).toMatchObject({ outcome: 'skipped', earlier: { messageId: 'wamid.b' } });
    expect(results.get('c')).toMatchObject({ outcome: 'rejected', rule: 'journal-unambiguous' });
    expect(server.sends).toEqual([]);
  });
});

describe('fileJournal reads each record back from where it is in the file', () => {
  it('keys and messages in several scripts, lines across the 1 MiB chunks, NUL runs between: the last record of each key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-journal-keys-'));
    const path = join(dir, 'journal.jsonl');
    const keyOf = (i: number) => [`ग्राहक-${i}`, `客户-${i}`, `client-é-${i}`, `👩‍💻-${i}`][i % 4]!;
    let text = JSON.stringify({ type: 'broadcast', id: 'b1', version: 2, at: 't' }) + '\n';
    const expected = new Map<string, JournalEntry>();
    for (let i = 0; i < 15_000; i++) {
      const key = keyOf(i % 9_000); // the last 6,000 keys come again: their later record wins
      const record = i % 3 === 0 ? attempt(key) : outcome(key, `wamid.${i}.${'ü'.repeat(i % 40)}`);
      text += JSON.stringify(record) + (i % 1_000 === 999 ? '\n\0\0\0' : '\n');
      expected.set(key, record);
    }
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 2 ** 20);
    writeFileSync(path, text);
    const journal = fileJournal(path);
    const state = await journal.load();
    expect(state.entries.size).toBe(9_000);
    expect(latestRecords(state)).toEqual(expected);
    // Read back after new lines were appended behind them: the places still hold.
    await journal.append(outcome('new'));
    for (const i of [0, 1, 2, 3, 4_444, 8_999])
      expect(taken(state, keyOf(i))).toEqual(expected.get(keyOf(i)));
    expect(state.entries.size).toBe(9_000 - 6);
    await journal.close();
  });
});
