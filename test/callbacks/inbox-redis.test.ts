import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it as vitestIt } from 'vitest';
import { bullmqCallbackInbox } from '../../src/callbacks/bullmq/index.js';
import { skipWithoutRedis, startRedis, type RedisServer } from '../broadcast/redis-server.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';
import { callbacks, readDeliveries, sendAll, STALL, type Answer } from './inbox-traffic.js';

// Issue 20, reliability: a receiver with the BullMQ inbox on a real redis-server (AOF on), which is
// killed with kill -9 mid-stream and restarted. Nothing acknowledged is lost, and while Redis is
// away the receiver answers 503, never 200. Redis fsyncs every write (`appendfsync always`): with
// `everysec`, a busy disk makes Redis postpone its AOF writes (up to 2 s) while it already answers,
// and a kill -9 then loses records the receiver acknowledged (README, "Callbacks").
const COUNT = 10_000;
// It kills and restarts redis-server itself: REDIS_URL cannot stand in.
const it = skipWithoutRedis('the BullMQ callback inbox (test/callbacks/inbox-redis.test.ts)', true)
  ? vitestIt.skip
  : vitestIt;
const QUEUE = 'kaleyra-callbacks-test';
const dir = mkdtempSync(join(tmpdir(), 'inbox-redis-'));
const deliveriesPath = join(dir, 'deliveries.txt');
let redis: RedisServer | undefined;
let receiver: TestProcess | undefined;
afterAll(async () => {
  receiver?.child.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a Redis restarted mid-stream loses nothing acknowledged, and the receiver answers 503 while it is away', async () => {
  redis = await startRedis({ appendOnlyDir: dir, appendfsync: 'always' });
  const redisPort = redis.port;
  const port = await freePort();
  receiver = startProcess([
    'test/callbacks/fixtures/inbox-receiver.ts',
    String(port),
    deliveriesPath,
    'bullmq',
    String(redisPort),
    QUEUE,
  ]);
  await receiver.waitFor('receiver ready');
  const list = callbacks(COUNT);
  const answers: Answer[] = [];
  const sending = sendAll(`http://127.0.0.1:${port}/kaleyra`, list, 16, answers);

  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await redis.kill();
  const down = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const up = Date.now();
  redis = await startRedis({ port: redisPort, appendOnlyDir: dir, appendfsync: 'always' });
  const acked = await sending;

  // Everything that was acknowledged is delivered (or parked, for the throwing handler's events).
  const inbox = bullmqCallbackInbox(QUEUE, { connection: { host: '127.0.0.1', port: redisPort } });
  const poison = new Set(list.filter((c) => c.poison).map((c) => c.key));
  const good = [...acked].filter((key) => !poison.has(key));
  // A minute for a loaded machine to deliver the rest, and the time jobs a worker took as Redis died
  // need to come back (their lock expires, then two stalled checks).
  const deadline = Date.now() + 60_000 + STALL.lockDurationMs + 2 * STALL.stalledIntervalMs;
  let parkedKeys: string[] = [];
  let parkedIds: string[] = [];
  while (Date.now() < deadline) {
    const delivered = readDeliveries(deliveriesPath);
    const parked = await inbox.parked();
    parkedIds = parked.map((p) => p.id);
    parkedKeys = parked.map((p) =>
      p.event.kind === 'status' ? `${p.event.messageId}:${p.event.status}` : '',
    );
    if (good.every((key) => delivered.has(key)) && parkedKeys.length >= poison.size) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // A parked event goes back to the queue on replay (and, still poison, is parked again).
  expect(await inbox.replay(parkedIds[0]!)).toBe(true);
  expect(await inbox.replay('no-such-job')).toBe(false);
  await inbox.close();
  const delivered = readDeliveries(deliveriesPath);

  expect(acked.size).toBe(new Set(list.map((c) => c.key)).size);
  expect(good.filter((key) => !delivered.has(key))).toEqual([]);
  expect([...delivered].filter(([, ids]) => new Set(ids).size > 1)).toEqual([]);
  expect(parkedKeys.sort()).toEqual([...poison].sort());
  // While Redis was down, every answer was a 503: none of those requests was acknowledged.
  const whileDown = answers.filter((a) => a.start >= down && a.end <= up);
  expect(whileDown.length).toBeGreaterThan(0);
  expect(whileDown.filter((a) => a.status !== 503)).toEqual([]);
  console.log(
    `inbox on Redis: ${list.length} sends (${acked.size} events), ${answers.length} requests, ` +
      `${whileDown.length} answered while Redis was down (all 503), ${parkedKeys.length} parked`,
  );
}, 120_000);
