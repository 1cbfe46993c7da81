// Messages per second for a v2 send, against a local server that answers at once:
//
//   node --import=tsx bench/send-throughput.mjs [requests] [concurrency]
//
// raw fetch is the baseline; openapi-fetch is the typed client alone; the SDK adds validation,
// the retry/timeout runner, answer checks and error decoding. Rounds alternate the ways so machine
// noise hits all of them alike. Not a test: compare the ratios, not the absolute numbers.
// Two modes in one run: sequential (one send at a time) and `concurrency` sends in flight (default
// 32), each ratio to raw fetch reported per round as min/median/max.
// Goals: sendImage >= 0.90x raw fetch sequential (issue 8), >= 0.95x at 32 concurrent (issue 20).
import createClient from 'openapi-fetch';
import { createKaleyraClient } from '../src/index.ts';
import { startAcceptingServer } from './accepting-server.mjs';
import { showSpread, spread as minMedianMax } from './spread.mjs';

const requests = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = 5;
const { server, base } = await startAcceptingServer();
const path = '/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages';
const image = {
  messaging_object: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+919812345678',
    type: 'image',
    image: { link: 'https://example.com/a.png', caption: 'hi' },
  },
};
const KEY = 'bench-key-0123456789';

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

/** Seconds for `requests` sends with `inFlight` of them at a time. */
async function timed(run, inFlight) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await run();
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const modes = { sequential: 1, [`${concurrency} concurrent`]: concurrency };
// rates[mode][way] = req/s of each round
const rates = Object.fromEntries(
  Object.keys(modes).map((mode) => [mode, Object.fromEntries(Object.keys(ways).map((way) => [way, []]))]),
);
for (const run of Object.values(ways)) for (let i = 0; i < 200; i++) await run(); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [mode, inFlight] of Object.entries(modes))
    for (const [name, run] of Object.entries(ways))
      rates[mode][name].push(requests / (await timed(run, inFlight)));
}
server.close();

const median = (values) => minMedianMax(values).median;
const spread = (values) => showSpread(values, 2);
console.log(`${requests} requests per round x ${rounds} rounds, loopback, node ${process.version}`);
for (const mode of Object.keys(modes)) {
  console.log(`\n${mode}: median req/s, ratio to raw fetch per round (min / median / max)`);
  const raw = rates[mode]['raw fetch'];
  for (const name of Object.keys(ways)) {
    const ratios = rates[mode][name].map((rate, round) => rate / raw[round]);
    console.log(
      `${name.padEnd(16)} ${median(rates[mode][name]).toFixed(0).padStart(6)} req/s   ${spread(ratios)}x raw fetch`,
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
