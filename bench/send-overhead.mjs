// What the SDK spends per send besides fetch, without a network: CPU µs per send of `sendImage`
// and of a hand-written send, both over a fetch that answers at once with a fresh Response.
//
//   node --import=tsx bench/send-overhead.mjs [requests] [concurrency] [rounds]
//
// The network and undici's own work dominate bench/send-throughput.mjs, and on a shared machine
// its rounds scatter more than the SDK costs; here only the SDK's code differs between the two
// sides (validation, URL, body, headers, timeout and abort handling, the retry runner, reading and
// checking the answer), so the difference is the SDK's overhead per send. Rounds alternate the two.
import { createKaleyraClient } from '../src/index.ts';
import { BENCH_KEY, IMAGE_MESSAGE, SEND_PATH } from './image-send.mjs';
import { showSpread, spread } from './spread.mjs';

const requests = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 7);
const answer = JSON.stringify({
  code: 'WA202',
  message: 'Request Accepted',
  data: { message_id: 'wamid.X' },
  error: {},
});
const answering = async () =>
  new Response(answer, {
    status: 202,
    headers: { 'content-type': 'application/json', 'content-length': String(answer.length) },
  });
const base = 'http://127.0.0.1:9';
const path = SEND_PATH;
const image = IMAGE_MESSAGE;
const KEY = BENCH_KEY;
const sdk = createKaleyraClient({
  sid: 'HXAP16XXXXXX97IN',
  apiKey: KEY,
  baseUrl: base,
  from: '+919876543210',
  fetch: answering,
});

const ways = {
  'by hand': async () => {
    const res = await answering(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': KEY },
      body: JSON.stringify(image),
    });
    await res.json();
  },
  'SDK sendImage': () =>
    sdk.v2Messages.sendImage({
      to: '+919812345678',
      media: { link: 'https://example.com/a.png' },
      caption: 'hi',
    }),
};

/** CPU µs per send for `requests` sends, `concurrency` at a time. */
async function cpuPerSend(run) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await run();
  };
  const started = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / requests;
}

for (const run of Object.values(ways)) for (let i = 0; i < 2000; i++) await run(); // warm-up
const used = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
const names = Object.keys(ways);
for (let round = 0; round < rounds; round++)
  for (const name of round % 2 === 0 ? names : [...names].reverse())
    used[name].push(await cpuPerSend(ways[name]));

console.log(
  `${requests} sends per round x ${rounds} rounds, ${concurrency} in flight, node ${process.version}`,
);
console.log('CPU µs per send (min / median / max):');
for (const name of names) console.log(`${name.padEnd(14)} ${showSpread(used[name], 1)}`);
const extra = used['SDK sendImage'].map((sdkUsed, round) => sdkUsed - used['by hand'][round]);
console.log(`SDK overhead per send, per round: ${showSpread(extra, 1)} µs`);
console.log(`median: ${spread(extra).median.toFixed(1)} µs`);
