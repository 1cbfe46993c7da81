// Callbacks per second a Node receiver takes, against a bare node:http handler that reads the body,
// JSON.parses it and answers 200 (what people write by hand), measured side by side in one run:
//
//   node --import=tsx bench/callback-receiver.mjs [seconds per run] [rounds] [ways: bare,sdk,auth,inbox]
//
// Each way runs in its own process (bench/callback-receiver-server.mjs), driven by autocannon in
// another (bench/callback-load.mjs: 64 keep-alive connections, a ~900-byte v2 status body). In each
// round every way runs at the same time, so machine noise hits all alike; the CPU time each server
// used per request is reported too, which a loaded machine inflates less than throughput. A last
// pass holds 2,000 req/s against the file inbox and the bare handler side by side and reports their ack latency. Also parseCallback against Request + text() + JSON.parse,
// in this process. Compare ratios, not absolutes. Goals (issue 20): sdk >= 0.80x bare, inbox >= 0.50x
// bare with p99 <= 10 ms at 2,000 req/s, parseCallback >= 0.90x.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCallback } from '../src/callbacks/index.ts';
import { statusBody } from './callback-payload.mjs';
import { spread as stats } from './spread.mjs';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const body = statusBody(1);
const ways = (process.argv[4] ?? 'bare,sdk,inbox').split(',');
// With a rate, every way is held at it and the CPU per request is what compares; without, each runs flat out.
const rate = process.argv[5] ? Number(process.argv[5]) : undefined;

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
    /** CPU seconds the server process has used so far (user + system), from /proc. */
    cpu: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
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

/** Drives `server` with a load generator in its own process; resolves with its figures and the server's CPU per request. */
async function load(server, seconds, rate) {
  const cpuBefore = server.cpu();
  const args = ['bench/callback-load.mjs', server.url, String(seconds), ...(rate ? [String(rate)] : [])];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(output);
  if (result.failed > 0) throw new Error(`${server.url}: ${result.failed} requests failed`);
  return { ...result, cpuUs: ((server.cpu() - cpuBefore) * 1e6) / result.total };
}

const fmt = (s, digits = 2) =>
  `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;

const results = Object.fromEntries(ways.map((w) => [w, []]));
for (let round = 0; round < rounds; round++) {
  // Every way at once, each with its own load generator: whatever else the machine does in that
  // window, it does to all of them, so the ratios hold on a shared machine.
  const servers = await Promise.all(ways.map(startServer));
  await Promise.all(servers.map((server) => load(server, 1, rate))); // warm-up
  const figures = await Promise.all(servers.map((server) => load(server, seconds, rate)));
  await Promise.all(servers.map((server) => server.stop()));
  ways.forEach((way, i) => results[way].push(figures[i]));
  const line = ways.map(
    (w) =>
      `${w} ${Math.round(results[w].at(-1).rps)} req/s p99 ${results[w].at(-1).p99} ms ${Math.round(results[w].at(-1).cpuUs)} µs CPU/req`,
  );
  console.log(`round ${round + 1}: ${line.join(', ')}`);
}
// Rounds 0 runs only the parseCallback part.
if (rounds > 0) {
  console.log('\nreq/s min / median / max, and the ratio to bare in the same round:');
  for (const way of ways) {
    const ratios = results[way].map((r, i) => r.rps / results.bare[i].rps);
    // On a loaded machine throughput measures the load; CPU time per request measures the code.
    const cpuRatios = results[way].map((r, i) => results.bare[i].cpuUs / r.cpuUs);
    console.log(
      `  ${way.padEnd(6)} ${fmt(stats(results[way].map((r) => r.rps)), 0)} req/s, p99 ${fmt(stats(results[way].map((r) => r.p99)), 0)} ms, ${fmt(stats(ratios))}x bare;` +
        ` CPU ${fmt(stats(results[way].map((r) => r.cpuUs)), 0)} µs/req, ${fmt(stats(cpuRatios))}x bare's requests per CPU second`,
    );
  }
}

// Ack latency of the file inbox at a held rate: 2,000 req/s spread over the 64 connections, with
// the bare handler held at the same rate beside it, so what the machine adds to a p99 shows.
const held = { bare: [], inbox: [] };
for (let round = 0; ways.includes('inbox') && round < rounds; round++) {
  const servers = await Promise.all(['bare', 'inbox'].map(startServer));
  await Promise.all(servers.map((server) => load(server, 1, 2000)));
  const figures = await Promise.all(servers.map((server) => load(server, seconds, 2000)));
  await Promise.all(servers.map((server) => server.stop()));
  held.bare.push(figures[0]);
  held.inbox.push(figures[1]);
  console.log(
    `held round ${round + 1}: ` +
      Object.entries(held)
        .map(([w, r]) => `${w} ${Math.round(r.at(-1).rps)} req/s p99 ${r.at(-1).p99} ms`)
        .join(', '),
  );
}
if (held.inbox.length > 0) {
  const line = (w) =>
    `${w === 'inbox' ? 'file inbox' : 'bare'} p99 ${fmt(stats(held[w].map((r) => r.p99)), 0)} ms at ${fmt(stats(held[w].map((r) => r.rps)), 0)} req/s`;
  console.log(`\nheld at 2,000 req/s each (min / median / max): ${line('inbox')}; ${line('bare')}`);
}

// parseCallback against what it replaces, in this process: many short rounds, the two ways
// alternating which goes first, and a ratio per round, so a stall of the shared machine spoils
// one round's ratio rather than the figure.
const N = 1_000;
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
for (let round = 0; round < 41; round++) {
  for (const [name, run] of round % 2 ? Object.entries(parseWays).reverse() : Object.entries(parseWays)) {
    const start = performance.now();
    for (let i = 0; i < N; i++) await run();
    if (round > 0) perSecond[name].push(N / ((performance.now() - start) / 1000)); // round 0 warms up
  }
}
const parseRatios = perSecond.parseCallback.map((v, i) => v / perSecond['Request + text() + JSON.parse'][i]);
console.log(
  `\nparseCallback: ${fmt(stats(perSecond.parseCallback), 0)} /s against ${fmt(stats(perSecond['Request + text() + JSON.parse']), 0)} /s: ${fmt(stats(parseRatios))}x (40 rounds of ${N})`,
);
