// Peak memory of sendMany when its jobs come from an iterator (no journal), against a stub fetch
// that accepts at once, side by side with a hand-written pool of the same concurrency pulling from
// the same iterator (which holds nothing per job: the flat baseline).
//
//   node --import=tsx bench/broadcast-memory.mjs [jobs,jobs,...] [repeats]     (default 10000,1000000 3)
//
// Each measurement is a fresh process; the ways alternate. Prints min / median / max of peak RSS
// and of the heap and array buffers in use at the end (after a forced GC: what stays held per job).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { showSpread } from './spread.mjs';

const CONCURRENCY = 16;
const [mode, count] = process.argv.slice(2);
if (mode === '--child-sendMany' || mode === '--child-pool') {
  const { createKaleyraClient } = await import('../src/index.ts');
  const { sendMany } = await import('../src/broadcast/index.ts');
  const answer = JSON.stringify({
    code: 'WA202',
    message: 'Request Accepted',
    data: { message_id: 'wamid.X' },
  });
  const client = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'bench-key-0123456789',
    baseUrl: 'http://127.0.0.1:9',
    from: '+919876543210',
    fetch: async () => new Response(answer, { status: 202, headers: { 'content-type': 'application/json' } }),
  });
  function* jobs() {
    for (let i = 0; i < Number(count); i++)
      yield {
        key: `customer-${String(i).padStart(9, '0')}`,
        api: 'v2',
        kind: 'text',
        message: { to: '+919812345678', body: `Hello customer ${i}, your order has shipped.` },
      };
  }
  const started = performance.now();
  let sent = 0;
  if (mode === '--child-sendMany') {
    sent = (await sendMany(client, jobs(), { concurrency: CONCURRENCY }).summary()).accepted;
  } else {
    const source = jobs();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let item = source.next(); !item.done; item = source.next()) {
          await client.v2Messages.sendText(item.value.message, { maxRetries: 0 });
          sent++;
        }
      }),
    );
  }
  const ms = performance.now() - started;
  globalThis.gc?.();
  // Typed arrays (the key hashes) live outside the JavaScript heap: count them too.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  const heapMiB = (heapUsed + arrayBuffers) / 2 ** 20;
  process.stdout.write(JSON.stringify({ ms, sent, rssMiB: process.resourceUsage().maxRSS / 1024, heapMiB }));
  process.exit(0);
}

const sizes = (process.argv[2] ?? '10000,1000000').split(',').map(Number);
const repeats = Number(process.argv[3] ?? 3);
const self = fileURLToPath(import.meta.url);
const measure = (way, jobs) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import=tsx', self, `--child-${way}`, String(jobs)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out)));
  });
const stats = (values) => showSpread(values, 0);

console.log(
  `iterator jobs, no journal, concurrency ${CONCURRENCY}, ${repeats} repeats, node ${process.version}; min / median / max`,
);
const ways = ['sendMany', 'pool'];
const names = { sendMany: 'sendMany(iterator)', pool: 'hand-written pool' };
for (const jobs of sizes) {
  const results = Object.fromEntries(ways.map((way) => [way, []]));
  for (let round = 0; round < repeats; round++)
    for (const way of round % 2 ? [...ways].reverse() : ways) results[way].push(await measure(way, jobs));
  console.log(`\n${jobs} jobs`);
  for (const way of ways) {
    const runs = results[way];
    console.log(
      `  ${names[way].padEnd(20)} peak RSS ${stats(runs.map((r) => r.rssMiB))} MiB   heap after ${stats(runs.map((r) => r.heapMiB))} MiB   ${stats(runs.map((r) => r.ms))} ms   (${runs[0].sent} sent)`,
    );
  }
}
