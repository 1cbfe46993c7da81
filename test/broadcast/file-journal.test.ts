import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createKaleyraClient } from '../../src/index.js';
import { parseJournalLines, sendMany } from '../../src/broadcast/index.js';
import { fileJournal } from '../../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kaleyra-file-journal-'));

it('drops a last line cut short by a crash, and starts the next record on a line of its own', async () => {
  const path = join(dir, 'torn.jsonl');
  writeFileSync(
    path,
    '{"type":"outcome","at":"t","key":"a","outcome":"accepted"}\n{"type":"attempt","key":"b","a',
  );
  const journal = fileJournal(path);
  const state = await journal.load();
  expect([...state]).toEqual([['a', { key: 'a', outcome: 'accepted' }]]);
  await journal.append({ type: 'attempt', key: 'c', at: 't' });
  await journal.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  expect(lines.at(-2)).toBe('{"type":"attempt","key":"c","at":"t"}');
  expect(parseJournalLines(readFileSync(path, 'utf8')).map((r) => r.key)).toEqual(['a', 'c']);
});

it('refuses a file that is not a journal rather than guessing', async () => {
  const path = join(dir, 'other.jsonl');
  writeFileSync(path, 'phone,name\n+919812345678,Asha\n');
  await expect(fileJournal(path).load()).rejects.toThrow(/line 1 is not JSON/);
});

it('a send that never left (refused connection) is tried again, then rejected as never sent, and journaled', async () => {
  const path = join(dir, 'refused.jsonl');
  // A loopback port nobody listens on any more: the connection is refused before any byte is sent.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const client = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'refused-test-key',
    baseUrl: `http://127.0.0.1:${port}`,
    from: '+919876543210',
  });
  const run = sendMany(
    client,
    [{ key: 'r', api: 'v2', kind: 'text', message: { to: '+919812345678', body: 'hi' } }],
    { maxAttempts: 2, journal: fileJournal(path) },
  );
  const results = [];
  for await (const result of run) results.push(result);
  expect(results).toMatchObject([
    { key: 'r', outcome: 'rejected', reason: expect.stringMatching(/^never sent: /) },
  ]);
  expect((await run.summary()).requests).toBe(2);
  expect(parseJournalLines(readFileSync(path, 'utf8')).map((r) => r.type)).toEqual([
    'attempt',
    'attempt',
    'outcome',
  ]);
});
