// How long the file inbox takes to acknowledge an event (record() resolving) at a held rate, with
// no HTTP in between, beside what the machine does to the same process (its event loop's delay,
// measured in the same run):
//
//   node --import=tsx bench/inbox-record-latency.mjs [events per second] [seconds]
//
// A delay of the event loop delays every acknowledgement alike, so a p99 close to the loop's own
// worst delays is the machine's, not the inbox's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseCallback } from '../src/callbacks/index.ts';
import { fileCallbackInbox } from '../src/node/index.ts';
import { statusBody } from './callback-payload.mjs';

const rate = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'inbox-latency-'));
const inbox = fileCallbackInbox(join(dir, 'inbox.jsonl'));
inbox.start(() => undefined);

// Events as a receiver parses them; each sent with its own message id so none is a duplicate. A
// ring of 2,000, not one per event: a heap of a run's worth of events would time the GC instead.
const events = [];
for (let i = 0; i < 2_000; i++) {
  const request = new Request('http://127.0.0.1/kaleyra', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: statusBody(i),
  });
  const result = await parseCallback(request);
  if (!result.ok) throw new Error(result.rejection.message);
  events.push(result.event);
}

const latencies = [];
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const start = performance.now();
let sent = 0;
await new Promise((done) => {
  const tick = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      const event = events[sent % events.length];
      const at = performance.now();
      void inbox
        .record({ ...event, messageId: `${event.messageId}-${sent}` })
        .then(() => latencies.push(performance.now() - at));
    }
    if (performance.now() - start > seconds * 1000) {
      clearInterval(tick);
      setTimeout(done, 500);
    }
  }, 1);
});
loop.disable();
await inbox.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
console.log(
  `${latencies.length} events at ${rate}/s for ${seconds} s: record() p50 ${at(0.5)} / p99 ${at(0.99)} / max ${at(1)} ms; ` +
    `the process's event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} / max ${(loop.max / 1e6).toFixed(1)} ms`,
);
