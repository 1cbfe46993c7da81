// One load generator for bench/callback-receiver.mjs, in its own process so that generators run at
// once without sharing an event loop:  node bench/callback-load.mjs <url> <seconds> [rate per second]
// Prints autocannon's figures as one JSON line.
import autocannon from 'autocannon';
import { statusBody } from './callback-payload.mjs';

const [url, seconds, rate] = process.argv.slice(2);
const result = await autocannon({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: statusBody(1),
  connections: 64,
  duration: Number(seconds),
  ...(rate ? { overallRate: Number(rate) } : {}),
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  }),
);
