// Messages per second for a v2 send, against a local server that answers at once:
//
//   node --import=tsx bench/send-throughput.mjs [requests]
//
// raw fetch is the baseline; openapi-fetch is the typed client alone; the SDK adds validation,
// the retry/timeout runner, answer checks and error decoding. Rounds alternate the ways so machine
// noise hits all of them alike. Not a test: compare the ratios, not the absolute numbers.
// Goal (issue 8): SDK sendImage >= 0.90x raw fetch sending the same image message.
import createClient from 'openapi-fetch';
import { createKaleyraClient } from '../src/index.ts';
import { startAcceptingServer } from './accepting-server.mjs';

const requests = Number(process.argv[2] ?? 2000);
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

const totals = Object.fromEntries(Object.keys(ways).map((name) => [name, 0]));
for (const run of Object.values(ways)) for (let i = 0; i < 200; i++) await run(); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(ways)) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await run();
    totals[name] += Number(process.hrtime.bigint() - started) / 1e9;
  }
}
server.close();
const rate = (name) => (requests * rounds) / totals[name];
console.log(`${requests} sequential requests x ${rounds} rounds, loopback, node ${process.version}`);
for (const name of Object.keys(ways)) {
  console.log(
    `${name.padEnd(16)} ${rate(name).toFixed(0).padStart(6)} req/s   ${(rate(name) / rate('raw fetch')).toFixed(2)}x raw fetch`,
  );
}
const ratio = rate('SDK sendImage') / rate('raw fetch');
console.log(
  `sendImage / raw fetch = ${ratio.toFixed(2)} (goal >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
);
