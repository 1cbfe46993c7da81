import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lastResult, parseJournalLines, replayJournal } from '../../src/broadcast/index.js';
import { latestRecords } from './journal-runs.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

const fixture = fileURLToPath(new URL('./fixtures/journal-run.ts', import.meta.url));
const JOBS = 600;
const CONCURRENCY = 8;
let server: SendServer;
beforeAll(async () => {
  // Slow-ish answers, so a kill often lands while sends are in flight.
  server = await startSendServer((_key, index) => ({ ...ACCEPTED(), delayMs: index % 15 }));
});
afterAll(() => server.close());

function runBroadcast(
  journal: string,
  killAtSend?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, server.url, journal, String(JOBS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    if (killAtSend !== undefined) {
      const baseline = server.sends.length;
      server.onSend((_send, index) => {
        if (index - baseline === killAtSend) child.kill('SIGKILL');
      });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
  });
}

it('after kill -9 at a random point, a rerun with the journal delivers every key at most once and settles every key', async () => {
  const journal = join(mkdtempSync(join(tmpdir(), 'kaleyra-journal-')), 'broadcast.jsonl');
  const killAt = 50 + Math.floor(Math.random() * (JOBS - 150));
  const first = await runBroadcast(journal, killAt);
  expect(first.signal, `killed at send ${killAt}`).toBe('SIGKILL');
  const sentBeforeKill = new Set(server.sends.map((s) => s.key));
  expect(sentBeforeKill.size).toBeLessThan(JOBS);

  const second = await runBroadcast(journal);
  expect(second.code).toBe(0);
  const summary = JSON.parse(second.stdout);

  // At the server: no key twice, ever.
  const arrived = deliveriesPerKey(server.sends);
  for (const [key, times] of arrived) expect(times, key).toBe(1);

  // In the journal: every key has an outcome. Accepted keys reached the server exactly once; the only
  // other outcome is `uncertain`, for sends the kill cut short (at most one per lane), not resent.
  const state = latestRecords(replayJournal(parseJournalLines(readFileSync(journal, 'utf8'))));
  expect(state.size).toBe(JOBS);
  const uncertain = [...state]
    .filter(([, entry]) => entry.type === 'outcome' && entry.outcome === 'uncertain')
    .map(([key]) => key);
  for (const [key, entry] of state) {
    const result = lastResult(entry);
    expect(result, key).not.toBe('interrupted');
    if (result !== 'interrupted' && result.outcome === 'accepted') expect(arrived.get(key), key).toBe(1);
  }
  expect(uncertain.length).toBeLessThanOrEqual(CONCURRENCY);
  for (const key of uncertain) expect(sentBeforeKill.has(key) || !arrived.has(key), key).toBe(true);
  expect(summary.accepted + summary.skipped + summary.uncertain).toBe(JOBS);
  expect(summary.uncertain).toBe(uncertain.length);
  // What the first run had settled was skipped, not sent again.
  expect(summary.skipped).toBeGreaterThan(0);
  expect(summary.requests).toBe(JOBS - summary.skipped - summary.uncertain);
}, 150_000);
