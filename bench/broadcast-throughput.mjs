// Jobs per second of a broadcast, against a loopback server that answers at once:
//
//   node --import=tsx bench/broadcast-throughput.mjs [jobs] [concurrency] [rounds] [no-bullmq]
//
// The baseline is what people write by hand: p-limit around the SDK's send, same client, same
// concurrency. sendMany adds the token bucket, the shared 429 pause, outcome classification and the
// result stream (goal: at least 0.95x the baseline); with a file journal, an attempt written before
// each send and an outcome after it, the writes of concurrent lanes group-committed (goal: 0.90x). The
// BullMQ path (a local redis-server, one worker) shows the per-job cost of going through Redis.
// Rounds alternate the ways, each round starting with another, so machine noise hits all alike. Compare ratios, not absolutes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { createKaleyraClient } from '../src/index.ts';
import { startAcceptingServer } from './accepting-server.mjs';
import { sendMany } from '../src/broadcast/index.ts';
import { fileJournal } from '../src/node/index.ts';

const jobs = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const rounds = Number(process.argv[4] ?? 5);
const { server, base } = await startAcceptingServer();
const client = createKaleyraClient({
  sid: 'HXAP16XXXXXX97IN',
  apiKey: 'bench-key-0123456789',
  baseUrl: base,
  from: '+919876543210',
});
const makeJobs = (round, count = jobs) =>
  Array.from({ length: count }, (_, i) => ({
    key: `r${round}-${i}`,
    api: 'v2',
    kind: 'text',
    message: { to: '+919812345678', body: 'hi' },
  }));
const dir = mkdtempSync(join(tmpdir(), 'broadcast-bench-'));

const ways = {
  'p-limit loop': async (round, count) => {
    const limit = pLimit(concurrency);
    await Promise.all(
      makeJobs(round, count).map((job) =>
        limit(() => client.v2Messages.sendText(job.message, { maxRetries: 0 }).catch(() => undefined)),
      ),
    );
  },
  sendMany: async (round, count) => {
    await sendMany(client, makeJobs(round, count), { concurrency }).summary();
  },
  'sendMany+file': async (round, count) => {
    await sendMany(client, makeJobs(round, count), {
      concurrency,
      journal: fileJournal(join(dir, `r${round}.jsonl`)),
    }).summary();
  },
};

const totals = Object.fromEntries(Object.keys(ways).map((name) => [name, 0]));
const perRound = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (const run of Object.values(ways)) await run(-1, Math.min(jobs, 2_000)); // warm-up
const names = Object.keys(ways);
for (let round = 0; round < rounds; round++) {
  // Each round starts with a different way, so none always runs on a warmer (or busier) machine.
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    const run = ways[name];
    const started = process.hrtime.bigint();
    await run(round);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    totals[name] += seconds;
    perRound[name].push(seconds);
  }
}
const rate = (name) => (jobs * rounds) / totals[name];
console.log(`${jobs} jobs x ${rounds} rounds, concurrency ${concurrency}, loopback, node ${process.version}`);
// Per round, each way against the p-limit loop of the same round: min / median / max.
const spread = (name) => {
  const ratios = perRound[name]
    .map((seconds, i) => perRound['p-limit loop'][i] / seconds)
    .sort((a, b) => a - b);
  return `${ratios[0].toFixed(2)} / ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} / ${ratios.at(-1).toFixed(2)}`;
};
for (const name of Object.keys(ways)) {
  console.log(
    `${name.padEnd(16)} ${rate(name).toFixed(0).padStart(6)} jobs/s   ${(rate(name) / rate('p-limit loop')).toFixed(2)}x p-limit overall, per round min/median/max ${spread(name)}`,
  );
}

// BullMQ: one worker at the same concurrency, on a throwaway redis-server (a 5th argument
// `no-bullmq` leaves it out).
const redis =
  process.argv[5] === 'no-bullmq'
    ? undefined
    : await startRedis().catch((error) => (console.log(`BullMQ path skipped: ${error.message}`), undefined));
if (redis) {
  const { Queue } = await import('bullmq');
  const { createBroadcastWorker, enqueueBroadcast } = await import('../src/broadcast/bullmq/index.ts');
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue('bench', { connection });
  const worker = await createBroadcastWorker(client, 'bench', { connection, concurrency });
  let completed = 0;
  let allDone;
  worker.on('completed', () => ++completed === jobs && allDone());
  await worker.waitUntilReady();
  const started = process.hrtime.bigint();
  await new Promise((resolve) => {
    allDone = resolve;
    enqueueBroadcast(queue, makeJobs('bullmq'));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await worker.close();
  await queue.close();
  redis.child.kill();
  const bullRate = jobs / seconds;
  const perJobMs = 1000 / bullRate - 1000 / rate('sendMany');
  console.log(
    `${'BullMQ worker'.padEnd(16)} ${bullRate.toFixed(0).padStart(6)} jobs/s   ${(bullRate / rate('p-limit loop')).toFixed(2)}x p-limit   +${perJobMs.toFixed(2)} ms of wall time per job over sendMany`,
  );
}
server.close();
rmSync(dir, { recursive: true, force: true });

async function startRedis() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    let out = '';
    child.stdout.on(
      'data',
      (chunk) => (out += chunk) && out.includes('Ready to accept connections') && resolve(),
    );
  });
  return { port, child };
}
