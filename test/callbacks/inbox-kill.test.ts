import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fileCallbackInbox } from '../../src/node/index.js';
import { callbacks, readDeliveries, recordingHandler, sendAll, type Answer } from './inbox-traffic.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';

// Issue 20, reliability: 10,000 callbacks to a receiver with a file inbox, killed with kill -9 at
// random moments and restarted. Every acknowledged event reaches the user's function at least once,
// and once per recorded event (one id per message id and status, whatever was sent twice or sent
// again after a kill); events whose handler throws are parked and the rest are processed.
const COUNT = 10_000;
const KILLS = 4;
const dir = mkdtempSync(join(tmpdir(), 'inbox-kill-'));
const inboxPath = join(dir, 'inbox.jsonl');
const deliveriesPath = join(dir, 'deliveries.txt');
let receiver: TestProcess | undefined;
afterAll(() => {
  receiver?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('kill -9 at random moments loses no acknowledged callback and delivers each recorded one', async () => {
  const port = await freePort();
  const start = async () => {
    receiver = startProcess([
      'test/callbacks/fixtures/inbox-receiver.ts',
      String(port),
      deliveriesPath,
      'file',
      inboxPath,
    ]);
    await receiver.waitFor('receiver ready');
  };
  await start();
  const list = callbacks(COUNT);
  const answers: Answer[] = [];
  const sending = sendAll(`http://127.0.0.1:${port}/kaleyra`, list, 16, answers);
  let kills = 0;
  let sent = false;
  void sending.then(() => (sent = true));
  while (!sent && kills < KILLS) {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1_200));
    if (sent) break;
    receiver!.child.kill('SIGKILL');
    await receiver!.exited;
    kills++;
    await start();
  }
  const acked = await sending;
  expect(kills).toBeGreaterThanOrEqual(2);
  receiver!.child.kill('SIGKILL');
  await receiver!.exited;

  // The last run's leftovers (pending, retrying) are delivered by the next start: here, in this process.
  const inbox = fileCallbackInbox(inboxPath, { attempts: 3, backoffMs: 10, maxBackoffMs: 50 });
  inbox.start(recordingHandler(deliveriesPath), { onError: () => undefined });
  const poison = list.filter((c) => c.poison);
  const good = [...new Set(list.filter((c) => !c.poison).map((c) => c.key))];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const delivered = readDeliveries(deliveriesPath);
    if (
      good.every((key) => delivered.has(key)) &&
      (await inbox.parked()).length >= new Set(poison.map((p) => p.key)).size
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const delivered = readDeliveries(deliveriesPath);
  const parked = await inbox.parked();
  await inbox.close();

  expect(acked.size).toBe(new Set(list.map((c) => c.key)).size);
  // At least once: every acknowledged event that does not throw reached the function.
  expect(good.filter((key) => !delivered.has(key))).toEqual([]);
  // Exactly once after dedupe: one recorded event per message id and status, however often it came.
  const twoIds = [...delivered].filter(([, ids]) => new Set(ids).size > 1);
  expect(twoIds).toEqual([]);
  // Repeats are deliveries cut short by a kill (function done, note not yet written): a few per kill.
  const repeats = [...delivered.values()].reduce((n, ids) => n + ids.length - 1, 0);
  expect(repeats).toBeLessThanOrEqual(kills * 32);
  // The throwing handler's events are parked with its reason, and only those.
  expect(
    parked.map((p) => (p.event.kind === 'status' ? `${p.event.messageId}:${p.event.status}` : '')).sort(),
  ).toEqual([...new Set(poison.map((p) => p.key))].sort());
  expect(parked[0]!.reason).toMatch(/^poison m-/);
  console.log(
    `inbox kill -9: ${list.length} sends (${acked.size} events), ${answers.length} requests, ${kills} kills, ` +
      `${repeats} repeated deliveries, ${parked.length} parked`,
  );
}, 120_000);
