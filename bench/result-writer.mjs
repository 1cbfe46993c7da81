// The broadcast CLI's result CSV writer (src/cli/result-csv.ts, lines handed to the file in batches)
// against a write per line to the same kind of stream (what it did before), both writing the same
// lines, one result per turn of the event loop as results arrive from separate HTTP answers.
//
//   node --import=tsx bench/result-writer.mjs [results=100000] [rounds=5]
//
// Each way runs in a fresh process, rounds alternating the order; prints min / median / max of the
// CPU time and wall time per way, and checks that both files hold the same bytes.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { showSpread } from './spread.mjs';

const [mode, wayArg, countArg, outArg] = process.argv.slice(2);
if (mode === '--child') {
  const { openResultWriter, csvLine, resultCells, RESULT_COLUMNS } = await import('../src/cli/result-csv.ts');
  const count = Number(countArg);
  const result = (i) => ({ key: `+9198${10_000_000 + i}`, outcome: 'accepted', messageId: `wamid.HBgM${i}` });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (wayArg === 'batched') {
    const writer = openResultWriter({ path: outArg }, false);
    for (let i = 0; i < count; i++) {
      await writer.write(result(i));
      await turn();
    }
    await writer.close(true);
  } else {
    // A line per stream write, waiting for 'drain' when the stream says it is full.
    const file = createWriteStream(outArg);
    const put = (line) =>
      file.write(line) ? undefined : new Promise((resolve) => file.once('drain', resolve));
    await put(csvLine(RESULT_COLUMNS));
    for (let i = 0; i < count; i++) {
      await put(csvLine(resultCells(result(i), false)));
      await turn();
    }
    await new Promise((resolve) => file.end(resolve));
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({ cpuMs: (used.user + used.system) / 1000, ms: performance.now() - started }),
  );
  process.exit(0);
}

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'result-writer-bench-'));
const self = fileURLToPath(import.meta.url);
const ways = ['batched', 'per-line'];
const samples = { batched: [], 'per-line': [] };
for (let round = 0; round < rounds; round++) {
  for (const way of round % 2 ? [...ways].reverse() : ways) {
    const out = join(dir, `${way}.csv`);
    const child = spawnSync(process.execPath, ['--import=tsx', self, '--child', way, String(count), out], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr);
    samples[way].push(JSON.parse(child.stdout));
  }
}
const same = readFileSync(join(dir, 'batched.csv')).equals(readFileSync(join(dir, 'per-line.csv')));
console.log(
  `result CSV writer, ${count} results, ${rounds} rounds, node ${process.version}; min / median / max`,
);
for (const way of ways) {
  const runs = samples[way];
  console.log(
    `  ${way.padEnd(9)} CPU ${showSpread(
      runs.map((r) => r.cpuMs),
      0,
    )} ms   wall ${showSpread(
      runs.map((r) => r.ms),
      0,
    )} ms`,
  );
}
console.log(`  same bytes in both files: ${same}`);
rmSync(dir, { recursive: true, force: true });
