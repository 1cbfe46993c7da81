import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBin } from '../cli/run-cli.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

// Ctrl-C in the middle of `kaleyra-wa broadcast`: the sends already started finish and each gets its
// result line (and journal outcome); no new one starts; the run says what was not reached and exits
// 130. Run as the user runs it: the real bin in a child process, sent a real SIGINT.

const ROWS = 400;
let server: SendServer;
let dir: string;
beforeAll(async () => {
  // Slow answers, so the interrupt lands with sends in flight.
  server = await startSendServer(() => ({ ...ACCEPTED(), delayMs: 150 }));
  dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-interrupt-'));
});
afterAll(() => server.close());

const ENV = {
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'interrupt-test-key-123',
  KALEYRA_FROM: '+919876543210',
};

/** The broadcast as a user runs it, sent SIGINT once `interruptAfterSends` of its sends have arrived. */
async function runBroadcast(args: string[], interruptAfterSends?: number) {
  const from = server.sends.length;
  let bin: ChildProcess | undefined;
  const run = await runBin(['broadcast', ...args], { ...ENV, KALEYRA_BASE_URL: server.url }, (child) => {
    bin = child;
    if (interruptAfterSends === undefined) return;
    server.onSend((_send, index) => {
      if (index - from + 1 === interruptAfterSends) child.kill('SIGINT');
    });
  });
  return { ...run, signal: bin?.signalCode ?? null };
}

it('Ctrl-C: sends in flight finish with their result line, none starts after, exit 130; the rerun sends the rest, nobody twice', async () => {
  const csv = join(dir, 'campaign.csv');
  const rows = Array.from({ length: ROWS }, (_, i) => `+9198${String(30_000_000 + i)},row-${i}`);
  writeFileSync(csv, ['phone,first_name', ...rows].join('\n') + '\n');
  const journal = join(dir, 'campaign.jsonl');
  const args = (out: string) => [
    ...[
      '--csv',
      csv,
      '--name',
      'order_update',
      '--param-columns',
      'first_name',
      '--key-column',
      'first_name',
    ],
    ...['--concurrency', '8', '--rate', '1000', '--journal', journal, '--out', join(dir, out)],
  ];
  const from = server.sends.length;
  const first = await runBroadcast(args('first.csv'), 40);
  expect(first.signal, first.stderr).toBeNull();
  expect(first.code, first.stderr).toBe(130);
  expect(first.stderr).toMatch(/^stopping: no new sends/m);
  expect(first.stderr).toMatch(
    /^stopped: \d+ rows not reached, nothing sent for them; run the same command with the same --journal/m,
  );
  expect(first.stderr).not.toContain(ENV.KALEYRA_API_KEY);
  const sentFirst = server.sends.slice(from);
  // No more than the lanes that were busy when the signal came (plus the one a lane had pulled).
  expect(sentFirst.length).toBeLessThan(40 + 2 * 8);
  // Every send that reached the server has its line: accepted, with the id the server gave.
  const lines = readFileSync(join(dir, 'first.csv'), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('key,outcome,message_id,code,detail');
  const outcomes = new Map(lines.slice(1).map((line) => [line.split(',')[0]!, line.split(',')[1]]));
  expect([...outcomes.keys()].sort()).toEqual(sentFirst.map((send) => send.key).sort());
  expect(new Set(outcomes.values())).toEqual(new Set(['accepted']));

  const second = await runBroadcast(args('second.csv'));
  expect(second.code, second.stderr).toBe(0);
  const arrived = deliveriesPerKey(server.sends.slice(from));
  expect(arrived.size).toBe(ROWS);
  for (const [key, times] of arrived) expect(times, key).toBe(1);
  const again = readFileSync(join(dir, 'second.csv'), 'utf8').trim().split('\n').slice(1);
  const skipped = again.filter((line) => line.split(',')[1] === 'skipped').map((line) => line.split(',')[0]);
  expect(skipped.sort()).toEqual([...outcomes.keys()].sort());
}, 60_000);
