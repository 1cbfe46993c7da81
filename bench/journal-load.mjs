// Resuming a broadcast from a big journal: fileJournal().load(), alone and followed by what a resume
// does next (meet every key once, its record read back), against a plain line-by-line read of the
// same file (readline, JSON.parse, one Map entry per key holding its record, as load() kept until
// it held only where each record is) and against reading it whole as one string, which is what
// load() did before it streamed.
//
//   node --import=tsx bench/journal-load.mjs [keys,keys,...] [repeats]      (default 1000000,5000000 3)
//
// Each measurement is a fresh process (peak RSS is per process); the ways alternate, each repeat
// starting with another, so machine noise hits all alike. Prints min / median / max of wall time
// and CPU time (which a loaded machine inflates far less than wall time), peak RSS, and what the
// loaded state holds (heap and typed arrays after a forced GC, the file's chunk buffer gone). The journals are written once per size: an outcome line per key, as a finished
// broadcast leaves them (about 190 bytes a line), and, for the largest size, a second file where
// every key also has its attempt line (twice the bytes, the same keys).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { showSpread } from './spread.mjs';

const [mode, path] = process.argv.slice(2);
if (mode?.startsWith('--child-')) {
  // Imported before the clock starts: tsx compiling the source is not the load.
  const { fileJournal } = await import('../src/node/index.ts');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let keys;
  let error;
  let held; // what the loaded state keeps: heap and typed arrays after a full GC
  const holding = (state) => {
    globalThis.gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    held = (heapUsed + arrayBuffers) / 2 ** 20;
    return state;
  };
  try {
    if (mode === '--child-load' || mode === '--child-resume') {
      const journal = fileJournal(path);
      const state = holding(await journal.load());
      keys = state.entries.size;
      // What a resume does next: meet every key once, its record read back from the file.
      if (mode === '--child-resume')
        for (let i = 0; i < keys; i++) {
          const entry = state.entries.take(`customer-${String(i).padStart(9, '0')}`);
          if (entry?.outcome !== 'accepted') throw new Error(`customer ${i}: ${String(entry)}`);
        }
      await journal.close();
    } else if (mode === '--child-lines') {
      const entries = new Map();
      for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
        if (line === '') continue;
        const record = JSON.parse(line);
        if (record.key !== undefined) entries.set(record.key, record);
      }
      keys = holding(entries).size;
    } else {
      const entries = new Map();
      for (const line of (await readFile(path, 'utf8')).split('\n')) {
        if (line === '') continue;
        const record = JSON.parse(line);
        if (record.key !== undefined) entries.set(record.key, record);
      }
      keys = holding(entries).size;
    }
  } catch (caught) {
    error = caught.message;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    JSON.stringify({ ms, cpuMs, rssMiB: process.resourceUsage().maxRSS / 1024, held, keys, error }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '1000000,5000000').split(',').map(Number);
const repeats = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'journal-load-bench-'));
const self = fileURLToPath(import.meta.url);

async function writeJournal(file, keys, withAttempts) {
  const out = createWriteStream(file);
  const write = (text) =>
    out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve));
  await write(`{"type":"broadcast","id":"bench","version":2,"at":"2026-12-01T00:00:00.000Z"}\n`);
  let chunk = '';
  for (let i = 0; i < keys; i++) {
    const key = `customer-${String(i).padStart(9, '0')}`;
    const fingerprint = (i * 2654435761).toString(16).padStart(16, '0').slice(-16);
    if (withAttempts)
      chunk += `{"type":"attempt","key":"${key}","fingerprint":"${fingerprint}","at":"2026-12-01T00:00:00.000Z"}\n`;
    chunk += `{"type":"outcome","fingerprint":"${fingerprint}","at":"2026-12-01T00:00:00.000Z","key":"${key}","outcome":"accepted","messageId":"wamid.HBgMOTE5ODEyMzQ1Njc4FQIAERgS${String(i).padStart(12, '0')}"}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((resolve) => out.end(resolve));
}

function measure(way, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import=tsx', self, `--child-${way}`, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out)));
  });
}

const stats = (values) => showSpread(values, 0);

console.log(`journal load, ${repeats} repeats, node ${process.version}; min / median / max`);
const files = sizes.map((keys) => ({ keys, attempts: false }));
files.push({ keys: sizes.at(-1), attempts: true });
for (const { keys, attempts } of files) {
  const file = join(dir, `${keys}${attempts ? '-attempts' : ''}.jsonl`);
  await writeJournal(file, keys, attempts);
  const mib = statSync(file).size / 2 ** 20;
  const ways = ['load', 'resume', 'lines', 'whole'];
  const results = Object.fromEntries(ways.map((way) => [way, []]));
  for (let round = 0; round < repeats; round++) {
    for (const way of [...ways.slice(round % ways.length), ...ways.slice(0, round % ways.length)]) {
      results[way].push(await measure(way, file));
    }
  }
  console.log(`\n${keys} keys${attempts ? ', attempt + outcome per key' : ''}: ${mib.toFixed(0)} MiB`);
  const names = {
    load: 'fileJournal().load()',
    resume: 'load() + take every key',
    lines: 'readline + Map',
    whole: 'readFile whole + Map',
  };
  for (const way of ways) {
    const runs = results[way];
    const failed = runs.find((run) => run.error);
    if (failed) {
      console.log(`  ${names[way].padEnd(22)} failed: ${failed.error}`);
      continue;
    }
    console.log(
      `  ${names[way].padEnd(22)} wall ${stats(runs.map((r) => r.ms))} ms   CPU ${stats(runs.map((r) => r.cpuMs))} ms   peak RSS ${stats(runs.map((r) => r.rssMiB))} MiB   held after load ${stats(runs.map((r) => r.held))} MiB   (${runs[0].keys} keys)`,
    );
  }
  rmSync(file);
}
rmSync(dir, { recursive: true, force: true });
