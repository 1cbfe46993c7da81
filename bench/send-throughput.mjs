// Messages per second for a v2 send, against a local server that answers at once:
//
//   node --import=tsx bench/send-throughput.mjs [requests] [concurrency] [rounds]
//
// raw fetch is the baseline: the same bytes (URL, headers, JSON body), the answer read and parsed.
// openapi-fetch is the typed client alone; the SDK adds validation, the retry/timeout runner, answer
// checks and error decoding. "raw fetch + timeout" is raw fetch with what any timeout costs (an
// AbortController and a timer per request), shown to tell that cost from the SDK's own; the goals
// are against plain raw fetch. Rounds alternate the ways, in turn forwards and backwards, so machine
// noise hits all of them alike. Not a test: compare the ratios, not the absolute numbers.
// Two modes in one run: sequential (one send at a time) and `concurrency` sends in flight (default
// 32), each ratio to raw fetch reported per round as min/median/max, by wall time (req/s) and by
// CPU time per send (this process's, server included: steadier than wall time on a shared machine).
// Goals: sendImage >= 0.90x raw fetch sequential (issue 8), >= 0.95x at 32 concurrent (issue 20).
import createClient from 'openapi-fetch';
import { createKaleyraClient } from '../src/index.ts';
import { startAcceptingServer } from './accepting-server.mjs';
import { BENCH_KEY, IMAGE_MESSAGE, SEND_PATH } from './image-send.mjs';
import { showSpread, spread as minMedianMax } from './spread.mjs';

const requests = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 9);
const { server, base } = await startAcceptingServer();
const path = SEND_PATH;
const image = IMAGE_MESSAGE;
const KEY = BENCH_KEY;

const typed = createClient({ baseUrl: base });
const sdk = createKaleyraClient({
  sid: 'HXAP16XXXXXX97IN',
  apiKey: KEY,
  baseUrl: base,
  from: '+919876543210',
});

const ways = {
  'raw fetch': async () => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': KEY },
      body: JSON.stringify(image),
    });
    await res.json();
  },
  'raw fetch + timeout': async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': KEY },
      body: JSON.stringify(image),
      signal: controller.signal,
    });
    await res.json();
    clearTimeout(timer);
  },
  'openapi-fetch': async () => {
    await typed.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: 'HXAP16XXXXXX97IN', phone_number: '+919876543210' } },
      headers: { 'api-key': KEY },
      body: image,
    });
  },
  'SDK sendImage': async () => {
    await sdk.v2Messages.sendImage({
      to: '+919812345678',
      media: { link: 'https://example.com/a.png' },
      caption: 'hi',
    });
  },
  'SDK sendText': async () => {
    await sdk.v2Messages.sendText({ to: '+919812345678', body: 'hi' });
  },
};

/** Wall and CPU seconds for `requests` sends with `inFlight` of them at a time. */
async function timed(run, inFlight) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await run();
  };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

const modes = { sequential: 1, [`${concurrency} concurrent`]: concurrency };
// rates[mode][way] = req/s of each round; cpu[mode][way] = CPU µs per send of each round
const perMode = () =>
  Object.fromEntries(
    Object.keys(modes).map((mode) => [mode, Object.fromEntries(Object.keys(ways).map((way) => [way, []]))]),
  );
const rates = perMode();
const cpu = perMode();
for (const run of Object.values(ways)) for (let i = 0; i < 200; i++) await run(); // warm-up
const names = Object.keys(ways);
for (let round = 0; round < rounds; round++) {
  for (const [mode, inFlight] of Object.entries(modes))
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const { wall, cpu: seconds } = await timed(ways[name], inFlight);
      rates[mode][name].push(requests / wall);
      cpu[mode][name].push((seconds / requests) * 1e6);
    }
}
server.close();

const median = (values) => minMedianMax(values).median;
const spread = (values) => showSpread(values, 2);
console.log(`${requests} requests per round x ${rounds} rounds, loopback, node ${process.version}`);
for (const mode of Object.keys(modes)) {
  console.log(
    `\n${mode}: median req/s and CPU µs per send; ratio to raw fetch per round (min / median / max), by wall time and by CPU time`,
  );
  const raw = rates[mode]['raw fetch'];
  const rawCpu = cpu[mode]['raw fetch'];
  for (const name of Object.keys(ways)) {
    const ratios = rates[mode][name].map((rate, round) => rate / raw[round]);
    const cpuRatios = cpu[mode][name].map((used, round) => rawCpu[round] / used);
    console.log(
      `${name.padEnd(19)} ${median(rates[mode][name]).toFixed(0).padStart(6)} req/s ${median(cpu[mode][name]).toFixed(0).padStart(5)} µs   ${spread(ratios)}x wall   ${spread(cpuRatios)}x CPU`,
    );
  }
}
const goal = (mode, target) => {
  const ratios = rates[mode]['SDK sendImage'].map((rate, round) => rate / rates[mode]['raw fetch'][round]);
  const m = median(ratios);
  console.log(
    `sendImage / raw fetch, ${mode}: median ${m.toFixed(2)} (goal >= ${target}: ${m >= target ? 'met' : 'NOT met'})`,
  );
};
console.log('');
goal('sequential', 0.9);
goal(`${concurrency} concurrent`, 0.95);
