// The fleet where users run it: a Redis restarted by its host (with and without persistence), a
// Redis that stays down, workers started with different limits. Real redis-server processes, real
// kill -9, the real CLI bin.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import {
  broadcastThroughQueue,
  createBroadcastWorker,
  enqueueBroadcast,
  KaleyraQueueLimitMismatchError,
  KaleyraQueueUnavailableError,
  LOST_JOB_REASON,
  waitForOutcomes,
  type BroadcastJobData,
} from '../../src/broadcast/bullmq/index.js';
import type { BroadcastJob, FinalResult } from '../../src/broadcast/index.js';
import { createKaleyraClient } from '../../src/index.js';
import { runBin } from '../cli/run-cli.js';
import { freePort } from '../support/processes.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import {
  ACCEPTED,
  busiestWindow,
  deliveriesPerKey,
  startSendServer,
  type SendServer,
} from './send-server.js';

const KEY = 'SECRET-FLEET-KEY-9';
// It kills and restarts redis-server itself: REDIS_URL cannot stand in.
const describe = skipWithoutRedis('the fleet faults (test/broadcast/fleet-faults.test.ts)', true)
  ? vitestDescribe.skip
  : vitestDescribe;
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-fleet-faults-'));
const textJobs = (count: number, prefix: string): BroadcastJob[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `${prefix}${i}`,
    api: 'v2',
    kind: 'text',
    message: { to: `+9198${10_000_000 + i}`, body: `${prefix}${i}` },
  }));
const connectionOf = (redis: RedisServer) => ({
  host: redis.host,
  port: redis.port,
  maxRetriesPerRequest: null,
});
/** A line of a stack trace as Node prints it. */
const STACK_LINE = /^\s+at /m;

let server: SendServer;
const closers: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  server = await startSendServer(() => ({ ...ACCEPTED(), delayMs: 40 }));
});
afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});
afterAll(async () => {
  await server?.close();
});

const client = () =>
  createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: KEY, baseUrl: server.url, from: '+919876543210' });

describe('the rate stored with the queue', () => {
  it("a worker whose limiter differs from the queue's refuses to start, and the fleet keeps the agreed rate", async () => {
    const redis = await startRedis();
    closers.push(() => redis.stop());
    const name = `limits-${Date.now()}`;
    const connection = connectionOf(redis);
    const slow = await createBroadcastWorker(client(), name, {
      connection,
      limiter: { max: 10, duration: 1_000 },
    });
    closers.unshift(() => slow.close());

    const fast = createBroadcastWorker(client(), name, {
      connection,
      limiter: { max: 100, duration: 1_000 },
    });
    await expect(fast).rejects.toBeInstanceOf(KaleyraQueueLimitMismatchError);
    await expect(fast).rejects.toThrow(/at most 10 per 1000 ms.*given 100 per 1000 ms/);
    // The producer is held to the same agreement.
    const queue = new Queue<BroadcastJobData, FinalResult>(name, { connection });
    closers.unshift(() => queue.close());
    await expect(
      enqueueBroadcast(queue, textJobs(1, 'never-'), { limiter: { max: 50, duration: 1_000 } }),
    ).rejects.toBeInstanceOf(KaleyraQueueLimitMismatchError);

    // A worker given no limit keeps to the stored one: 30 jobs over two workers take about 3 s.
    const other = await createBroadcastWorker(client(), name, { connection, concurrency: 8 });
    closers.unshift(() => other.close());
    const before = server.sends.length;
    const jobs = textJobs(30, `limit-${Date.now()}-`);
    await enqueueBroadcast(queue, jobs);
    const { finished } = await waitForOutcomes(
      queue,
      jobs.map((job) => job.key),
      { pollMs: 100 },
    );
    expect(finished).toBe(30);
    const sends = server.sends.slice(before);
    expect(sends).toHaveLength(30);
    // BullMQ counts in fixed windows, so a sliding second may hold two windows' worth; the whole run
    // cannot beat 10 per window: 30 sends span at least two full windows.
    expect(busiestWindow(sends, 1_000)).toBeLessThanOrEqual(2 * 10);
    expect(sends.at(-1)!.at - sends[0]!.at).toBeGreaterThanOrEqual(1_800);
  }, 60_000);
});

describe('a Redis that is down', () => {
  it('fails the in-process API with a typed error within the deadline, never a hang', async () => {
    const port = await freePort(); // nothing listens here
    const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
    const queue = new Queue<BroadcastJobData, FinalResult>(`down-${Date.now()}`, { connection });
    queue.on('error', () => {}); // refused connections, retried by ioredis
    // close() would wait for a Redis that never comes; a user gives up the same way.
    closers.push(() =>
      Promise.race([queue.disconnect(), new Promise((resolve) => setTimeout(resolve, 500))]),
    );
    const started = Date.now();
    await expect(
      enqueueBroadcast(queue, textJobs(3, 'down-'), { unavailableAfterMs: 1_500 }),
    ).rejects.toBeInstanceOf(KaleyraQueueUnavailableError);
    await expect(
      waitForOutcomes(queue, ['down-0'], { unavailableAfterMs: 1_500, pollMs: 100 }),
    ).rejects.toMatchObject({ name: 'KaleyraQueueUnavailableError', openKeys: ['down-0'] });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('fails the CLI with one line and exit 1, no stack trace', async () => {
    const port = await freePort();
    const csv = join(dir, 'down.csv');
    writeFileSync(csv, 'phone,first_name\n+919812345601,Asha\n');
    const run = await runBin(
      [
        'broadcast',
        '--csv',
        csv,
        '--name',
        'order_update',
        '--param-columns',
        'first_name',
        '--redis',
        `redis://127.0.0.1:${port}`,
        '--redis-timeout',
        '1500',
      ],
      {
        KALEYRA_SID: 'HXAP16XXXXXX97IN',
        KALEYRA_API_KEY: KEY,
        KALEYRA_BASE_URL: server.url,
        KALEYRA_FROM: '+919876543210',
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Redis did not answer for 2 s while storing the rate limit/m);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toContain(KEY);
    // The refused connection is said once, not once per reconnect.
    expect(run.stderr.match(/ECONNREFUSED/g)?.length ?? 0).toBeLessThanOrEqual(1);
  }, 30_000);
});

describe('a Redis restarted mid-broadcast', () => {
  const rows = 120;
  async function broadcastThroughRestart(aofDir: string | undefined) {
    const redis = await startRedis(aofDir ? { appendOnlyDir: aofDir, appendfsync: 'always' } : {});
    let current = redis;
    closers.push(() => current.stop());
    const prefix = `r${Date.now() % 100_000}-`;
    const csv = join(dir, `${prefix}.csv`);
    writeFileSync(
      csv,
      [
        'phone,first_name',
        ...Array.from({ length: rows }, (_, i) => `+9198${10_000_000 + i},${prefix}${i}`),
      ].join('\n'),
    );
    const out = join(dir, `${prefix}-results.csv`);
    const before = server.sends.length;
    // At the 40th send, kill -9 and start again on the same port: empty, or from its append-only file.
    server.onSend((send) => {
      if (!send.key.startsWith(prefix) || server.sends.slice(before).length !== 40) return;
      void redis.kill().then(
        async () =>
          (current = await startRedis({
            port: redis.port,
            ...(aofDir ? { appendOnlyDir: aofDir, appendfsync: 'always' as const } : {}),
          })),
      );
    });
    const started = Date.now();
    const run = await runBin(
      [
        'broadcast',
        '--csv',
        csv,
        '--name',
        'order_update',
        '--param-columns',
        'first_name',
        '--key-column',
        'first_name',
        '--rate',
        '40',
        '--concurrency',
        '4',
        '--redis',
        redis.url,
        '--queue',
        `q-${prefix}`,
        '--redis-timeout',
        '10000',
        '--out',
        out,
      ],
      {
        KALEYRA_SID: 'HXAP16XXXXXX97IN',
        KALEYRA_API_KEY: KEY,
        KALEYRA_BASE_URL: server.url,
        KALEYRA_FROM: '+919876543210',
      },
    );
    const sends = server.sends.slice(before).filter((send) => send.key.startsWith(prefix));
    const results = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    return { run, sends, results, elapsedMs: Date.now() - started };
  }

  it('restarted empty: the CLI reports the vanished jobs as uncertain within a bounded time, sends nobody twice', async () => {
    const { run, sends, results, elapsedMs } = await broadcastThroughRestart(undefined);
    expect(elapsedMs).toBeLessThan(40_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/job\(s\) vanished from Redis before they finished/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toContain(KEY);
    // Every row once in the results; nobody got two messages.
    expect(results).toHaveLength(rows);
    expect(new Set(results.map((r) => r.key)).size).toBe(rows);
    expect(Math.max(...deliveriesPerKey(sends).values())).toBe(1);
    // Accepted rows reached the server; the vanished ones say why they are uncertain.
    const sent = new Set(sends.map((s) => s.key));
    for (const row of results) {
      if (row.outcome === 'accepted') expect(sent.has(row.key!)).toBe(true);
      else expect(row).toMatchObject({ outcome: 'uncertain', detail: LOST_JOB_REASON });
    }
    expect(results.filter((r) => r.outcome === 'uncertain').length).toBeGreaterThan(0);
  }, 60_000);

  it('restarted from its append-only file: every row is sent exactly once and nothing is lost', async () => {
    const { run, sends, results } = await broadcastThroughRestart(mkdtempSync(join(dir, 'aof-')));
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(results).toHaveLength(rows);
    expect(Math.max(...deliveriesPerKey(sends).values())).toBe(1);
    // A send cut off by the kill is uncertain (marked before it left), never resent; all others accepted.
    const uncertain = results.filter((r) => r.outcome === 'uncertain');
    expect(uncertain.length).toBeLessThanOrEqual(4); // at most one per lane in flight
    for (const row of uncertain) expect(row.detail).not.toBe(LOST_JOB_REASON);
    expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(rows - uncertain.length);
    expect(run.code).toBe(uncertain.length === 0 ? 0 : 1);
  }, 60_000);
});

describe('waitForOutcomes', () => {
  it('tells a vanished job from a waiting one (keys evicted or flushed)', async () => {
    const redis = await startRedis();
    closers.push(() => redis.stop());
    const connection = connectionOf(redis);
    const queue = new Queue<BroadcastJobData, FinalResult>(`flush-${Date.now()}`, { connection });
    closers.unshift(() => queue.close());
    const jobs = textJobs(20, 'flushed-');
    await enqueueBroadcast(queue, jobs);
    const results: FinalResult[] = [];
    const waiting = waitForOutcomes(
      queue,
      jobs.map((job) => job.key),
      { pollMs: 50, onResult: (r) => results.push(r) },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(results).toHaveLength(0); // queued, no worker: still waiting
    const admin = new Redis(redis.port, '127.0.0.1');
    await admin.flushall();
    admin.disconnect();
    const summary = await waiting;
    expect(summary.lost.sort()).toEqual(jobs.map((job) => job.key).sort());
    expect(results.every((r) => r.outcome === 'uncertain' && r.reason === LOST_JOB_REASON)).toBe(true);
  }, 30_000);
});

describe('broadcastThroughQueue', () => {
  it('queues no more than its window without an outcome, reads the jobs as outcomes come, and queues a key once', async () => {
    const redis = await startRedis();
    closers.push(() => redis.stop());
    const connection = connectionOf(redis);
    const name = `window-${Date.now()}`;
    const queue = new Queue<BroadcastJobData, FinalResult>(name, { connection });
    closers.unshift(() => queue.close());
    const window = 10;
    const jobs = textJobs(60, 'win-');
    let pulled = 0;
    function* source(): Generator<BroadcastJob> {
      for (const [i, job] of jobs.entries()) {
        pulled++;
        yield job;
        if (i === 30) {
          pulled++;
          yield {
            key: job.key,
            api: 'v2',
            kind: 'text',
            message: { to: '+919810000099', body: 'the same key again' },
          };
        }
      }
    }
    const results: FinalResult[] = [];
    let mostOpen = 0;
    const before = server.sends.length;
    const run = broadcastThroughQueue(queue, source(), {
      window,
      batchSize: 4,
      pollMs: 20,
      onResult: (result) => {
        results.push(result);
        mostOpen = Math.max(mostOpen, pulled - results.length);
      },
    });
    // No worker yet: the queue holds the window, and the rest of the jobs are not even read.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pulled).toBe(window);
    const counts = await queue.getJobCounts('wait', 'active', 'completed');
    expect((counts.wait ?? 0) + (counts.active ?? 0) + (counts.completed ?? 0)).toBe(window);
    const worker = await createBroadcastWorker(client(), name, { connection, concurrency: 4 });
    closers.unshift(() => worker.close());
    const summary = await run;
    expect(summary).toEqual({ queued: 60, finished: 60, rejected: 1, lost: 0 });
    expect(mostOpen).toBeLessThanOrEqual(window);
    expect(results).toHaveLength(61);
    expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(60);
    expect(results.find((r) => r.outcome === 'rejected')).toMatchObject({
      key: 'win-30',
      field: 'key',
      rule: 'unique',
    });
    const sends = server.sends.slice(before).filter((send) => send.key.startsWith('win-'));
    expect(sends).toHaveLength(60);
    expect(Math.max(...deliveriesPerKey(sends).values())).toBe(1);
  }, 30_000);
});
