import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseJournalLines } from '../../src/broadcast/index.js';
import { runBin } from '../cli/run-cli.js';
import { expectSettledOnce, startJournalRun, uncertainKeys } from './journal-runs.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kaleyra-journal-processes-'));
let server: SendServer;
let slowMs = 0;
beforeAll(async () => {
  server = await startSendServer(() => ({ ...ACCEPTED(), delayMs: slowMs }));
});
afterAll(() => server.close());

const startRun = (journal: string, jobs: number, fileLimitKb?: number) =>
  startJournalRun(server.url, journal, jobs, fileLimitKb);

it('a second process on a journal in use fails at once, naming the file and the holder; no recipient gets two messages', async () => {
  slowMs = 200; // 300 sends over 8 lanes: about 8 s, while the others start and fail
  const journal = join(dir, 'shared.jsonl');
  const from = server.sends.length;
  const firstSend = new Promise<void>((resolve) => server.onSend(() => resolve()));
  const first = startRun(journal, 300);
  let firstEnded = false;
  void first.exit.then(() => (firstEnded = true));
  await firstSend;
  const second = await startRun(journal, 300).exit;
  expect(second.code).toBe(3);
  expect(second.stderr).toContain(`KaleyraJournalError: ${journal} is in use by process ${first.pid}`);
  expect(second.stderr).toContain(`${journal}.lock`);
  // At once: not after waiting for the holder to finish.
  expect(firstEnded).toBe(false);

  // The CLI says the same in one line, exit 1, and sends nothing.
  const csv = join(dir, 'shared.csv');
  writeFileSync(csv, 'phone,first_name\n+919812345601,Asha\n');
  const cli = await runBin(
    [
      'broadcast',
      '--csv',
      csv,
      '--name',
      'order_update',
      '--param-columns',
      'first_name',
      '--journal',
      journal,
    ],
    {
      KALEYRA_SID: 'HXAP16XXXXXX97IN',
      KALEYRA_API_KEY: 'journal-cli-key-123',
      KALEYRA_BASE_URL: server.url,
      KALEYRA_FROM: '+919876543210',
    },
  );
  expect(cli.code).toBe(1);
  expect(cli.stderr.trim()).toMatch(
    new RegExp(
      `^error: ${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${first.pid} `,
    ),
  );
  expect(cli.stderr.trim().split('\n')).toHaveLength(1);
  expect(firstEnded).toBe(false);

  const done = await first.exit;
  expect(done.code, done.stderr).toBe(0);
  expect(JSON.parse(done.stdout)).toMatchObject({ accepted: 300 });
  expectSettledOnce(server, journal, 300, from);
  expect(deliveriesPerKey(server.sends.slice(from)).has('Asha')).toBe(false);
  slowMs = 0;
}, 120_000);

it('a lock left by kill -9 does not block the rerun', async () => {
  slowMs = 10;
  const journal = join(dir, 'killed.jsonl');
  const from = server.sends.length;
  const run = startRun(journal, 200);
  await new Promise<void>((resolve) =>
    server.onSend((_send, index) => {
      if (index - from === 40) resolve();
    }),
  );
  process.kill(run.pid, 'SIGKILL');
  expect((await run.exit).signal).toBe('SIGKILL');
  expect(statSync(`${journal}.lock`).isFile()).toBe(true); // left behind, stale
  const rerun = await startRun(journal, 200).exit;
  expect(rerun.code, rerun.stderr).toBe(0);
  expectSettledOnce(server, journal, 200, from);
  slowMs = 0;
}, 120_000);

it('a file size limit (ulimit -f: short write, then EFBIG) stops the broadcast before the send; the rerun settles every key once', async () => {
  const JOBS = 300;
  // Limits that land on the first line, mid-run and near the end (the whole journal is ~70 KiB).
  for (const limitKb of [1, 4, 9, 17, 26, 38, 53]) {
    const journal = join(dir, `limited-${limitKb}.jsonl`);
    const from = server.sends.length;
    const first = await startRun(journal, JOBS, limitKb).exit;
    expect(first.code, `${limitKb} KiB: ${first.stderr}`).toBe(3);
    expect(first.stderr).toMatch(
      /KaleyraJournalError: .* could not be written whole \(EFBIG\); the broadcast stopped before the send/,
    );
    expect(statSync(journal).size).toBe(limitKb * 1024);
    // Still a journal: it reads, cut-short last line and all.
    expect(() => parseJournalLines(readFileSync(journal, 'utf8'))).not.toThrow();

    const second = await startRun(journal, JOBS).exit;
    expect(second.code, `${limitKb} KiB rerun: ${second.stderr}`).toBe(0);
    const state = expectSettledOnce(server, journal, JOBS, from);
    // Only sends whose outcome the full file could not hold are uncertain: one per lane at most.
    expect(uncertainKeys(state).length, `${limitKb} KiB`).toBeLessThanOrEqual(8);
  }
}, 300_000);
