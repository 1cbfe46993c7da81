import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, it as vitestIt } from 'vitest';
import {
  broadcastResults,
  enqueueBroadcast,
  type BroadcastJobData,
} from '../../src/broadcast/bullmq/index.js';
import type { BroadcastJob, FinalResult } from '../../src/broadcast/index.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import {
  ACCEPTED,
  busiestWindow,
  deliveriesPerKey,
  longestSilence,
  startSendServer,
  type SendServer,
} from './send-server.js';

const it = skipWithoutRedis('the BullMQ fleet (test/broadcast/fleet.test.ts)') ? vitestIt.skip : vitestIt;
const fixture = fileURLToPath(new URL('./fixtures/fleet-worker.ts', import.meta.url));
const JOBS = 500;
const MAX = 10;
const DURATION_MS = 100; // queue-wide: 100 sends per second
const RETRY_AFTER_S = 1;
const RATE_LIMITED_AT = 120;
const KILL_AT = 420;

let redis: RedisServer;
let server: SendServer;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  server = await startSendServer((_key, index) =>
    index === RATE_LIMITED_AT
      ? {
          status: 429,
          headers: { 'retry-after': String(RETRY_AFTER_S) },
          body: { code: 'WA429', message: 'Too many requests', data: {}, error: {} },
        }
      : { ...ACCEPTED(), delayMs: 5 + (index % 20) },
  );
}, 30_000);
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await server?.close();
  await redis?.stop();
});

function startWorker(queueName: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fixture, redis.url, server.url, queueName, String(MAX), String(DURATION_MS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

it('three workers on one Redis: the queue-wide limit holds, a 429 pauses all, a killed worker loses and duplicates nothing', async () => {
  const queueName = `broadcast-${Date.now()}`;
  const connection = { ...redis.connection, maxRetriesPerRequest: null };
  const queue = new Queue<BroadcastJobData, FinalResult>(queueName, { connection });
  const jobs: BroadcastJob[] = Array.from({ length: JOBS }, (_, i) => ({
    key: `job:${i}`,
    api: 'v2',
    kind: 'text',
    message: { to: `+9198${10_000_000 + i}`, body: `job:${i}` },
  }));
  expect(await enqueueBroadcast(queue, jobs)).toBe(JOBS);
  // A key queued twice is one job (BullMQ keeps the first under the same id).
  await enqueueBroadcast(queue, jobs.slice(0, 50));
  expect(await queue.count()).toBe(JOBS);

  const [victim] = await Promise.all([
    startWorker(queueName),
    startWorker(queueName),
    startWorker(queueName),
  ]);
  server.onSend((_send, index) => index === KILL_AT && victim!.kill('SIGKILL'));

  let results = new Map<string, FinalResult | undefined>();
  const keys = jobs.map((job) => job.key);
  for (const started = Date.now(); Date.now() - started < 180_000;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    results = await broadcastResults(queue, keys);
    if ([...results.values()].every((r) => r !== undefined)) break;
  }
  await queue.close();
  expect(victim!.signalCode).toBe('SIGKILL');

  // Nothing lost: every key has an outcome. Nothing duplicated: no key reached the server twice.
  const pending = [...results].filter(([, r]) => r === undefined).map(([k]) => k);
  expect(pending).toEqual([]);
  const arrived = deliveriesPerKey(server.sends);
  for (const [key, times] of arrived) expect(times, key).toBe(1);
  const outcomes = [...results.values()].map((r) => r!.outcome);
  // Only the victim's sends in flight can be uncertain: at most its concurrency.
  expect(outcomes.filter((o) => o === 'uncertain').length).toBeLessThanOrEqual(4);
  expect(outcomes.filter((o) => o === 'accepted').length).toBeGreaterThanOrEqual(JOBS - 4);
  for (const [key, result] of results)
    if (result!.outcome === 'accepted') expect(arrived.get(key), key).toBe(1);

  // The aggregate rate at the server, across the three workers, stays within the queue-wide limit:
  // BullMQ's limiter counts fixed windows, so any second holds at most one window more than the limit.
  const perSecond = (MAX * 1_000) / DURATION_MS;
  const sends = server.sends;
  const span = (sends.at(-1)!.at - sends[0]!.at) / 1_000;
  expect(sends.length / span).toBeLessThanOrEqual(perSecond * 1.1);
  expect(busiestWindow(sends, 1_000)).toBeLessThanOrEqual(perSecond + MAX + 2);

  // The 429 paused all three: the server heard nothing from any of them for about its Retry-After.
  // (Measured as a silence rather than from the 429 itself: on a loaded machine the worker may take a
  // while to read the answer and pause the queue, and the others send on until it does.)
  const limited = sends[RATE_LIMITED_AT]!;
  expect(limited.status).toBe(429);
  expect(longestSilence(sends, limited.at, 3 * RETRY_AFTER_S * 1_000)).toBeGreaterThanOrEqual(
    RETRY_AFTER_S * 1_000 * 0.6,
  );
}, 240_000);
