// Callbacks per second a Node receiver takes, against a bare node:http handler that reads the body,
// JSON.parses it and answers 200 (what people write by hand), measured side by side in one run:
//
//   node --import=tsx bench/callback-receiver.mjs [seconds per run] [rounds] [ways, e.g. bare,sdk]
//
// Each way runs in its own process (bench/callback-receiver-server.mjs); autocannon drives it from
// this one with 64 keep-alive connections and a ~900-byte v2 status body. Rounds alternate the ways,
// each starting with another, so machine noise hits all alike. A last pass holds 2,000 req/s against
// the file inbox and reports its ack latency. Also parseCallback against Request + text() + JSON.parse,
// in this process. Compare ratios, not absolutes. Goals (issue 20): sdk >= 0.80x bare, inbox >= 0.50x
// bare with p99 <= 10 ms at 2,000 req/s, parseCallback >= 0.90x.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parseCallback } from '../src/callbacks/index.ts';
import { statusBody } from './callback-payload.mjs';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const body = statusBody(1);
const ways = (process.argv[4] ?? 'bare,sdk,inbox').split(',');

async function startServer(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const child = spawn(process.execPath, ['--import=tsx', 'bench/callback-receiver-server.mjs', mode, dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/kaleyra`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGKILL');
      }),
  };
}

async function load(url, options = {}) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: 64,
    duration: seconds,
    ...options,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
};
const fmt = (s, digits = 2) =>
  `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;

const results = Object.fromEntries(ways.map((w) => [w, []]));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < ways.length; i++) {
    const way = ways[(round + i) % ways.length];
    const server = await startServer(way);
    await load(server.url, { duration: 1 }); // warm-up
    results[way].push(await load(server.url));
    await server.stop();
  }
  const line = ways.map(
    (w) => `${w} ${Math.round(results[w].at(-1).rps)} req/s p99 ${results[w].at(-1).p99} ms`,
  );
  console.log(`round ${round + 1}: ${line.join(', ')}`);
}
console.log('\nreq/s min / median / max, and the ratio to bare in the same round:');
for (const way of ways) {
  const ratios = results[way].map((r, i) => r.rps / results.bare[i].rps);
  console.log(
    `  ${way.padEnd(6)} ${fmt(stats(results[way].map((r) => r.rps)), 0)} req/s, p99 ${fmt(stats(results[way].map((r) => r.p99)), 0)} ms, ${fmt(stats(ratios))}x bare`,
  );
}

// Ack latency of the file inbox at a held rate: 2,000 req/s spread over the 64 connections.
const p99s = [];
for (let round = 0; ways.includes('inbox') && round < rounds; round++) {
  const server = await startServer('inbox');
  await load(server.url, { duration: 1, overallRate: 2000 });
  p99s.push((await load(server.url, { overallRate: 2000 })).p99);
  await server.stop();
}
if (p99s.length > 0)
  console.log(`\nfile inbox at 2,000 req/s: p99 ack latency ${fmt(stats(p99s), 0)} ms (min / median / max)`);

// parseCallback against what it replaces, in this process.
const N = 20_000;
const request = () =>
  new Request('https://hooks.example.com/kaleyra', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
const parseWays = {
  'Request + text() + JSON.parse': async () => JSON.parse(await request().text()),
  parseCallback: async () => {
    const result = await parseCallback(request());
    if (!result.ok) throw new Error(result.rejection.message);
  },
};
const perSecond = Object.fromEntries(Object.keys(parseWays).map((w) => [w, []]));
for (let round = 0; round < 7; round++) {
  for (const [name, run] of round % 2 ? Object.entries(parseWays).reverse() : Object.entries(parseWays)) {
    const start = performance.now();
    for (let i = 0; i < N; i++) await run();
    perSecond[name].push(N / ((performance.now() - start) / 1000));
  }
}
const parseRatios = perSecond.parseCallback.map((v, i) => v / perSecond['Request + text() + JSON.parse'][i]);
console.log(
  `\nparseCallback: ${fmt(stats(perSecond.parseCallback), 0)} /s against ${fmt(stats(perSecond['Request + text() + JSON.parse']), 0)} /s: ${fmt(stats(parseRatios))}x`,
);
