// `kaleyra-wa broadcast` of a large CSV: peak memory and wall time against its baselines, side by side.
//
//   npm run build && node bench/broadcast-cli.mjs [rows=1000000] [small=10000] [rounds=3] [--dry-run] [--journal]
//
// Each measurement is a fresh process (the built CLI, lib/esm/cli.js, as users run it), against one
// loopback server that accepts every send (bench/accepting-server.mjs, in this process):
//   - the CLI on `small` rows and on `rows` rows: peak RSS (goal: the big run within 64 MiB of the
//     small one, i.e. memory flat in the number of rows) and rows per second (linear in rows);
//   - sendMany on the same jobs, made by a generator in the process (no CSV read, no result file):
//     the CLI's wall time over it is what reading the CSV and writing the results cost (goal ≤ 1.1×).
// Rounds alternate the order of the ways, so machine noise hits all alike; min/median/max reported.
// With --dry-run nothing goes over HTTP (the SDK validates each row and answers itself). With --journal
// every way keeps a file journal (a fresh one per run); sendMany gets the CLI's --rate either way.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAcceptingServer } from './accepting-server.mjs';
import { spread as stats } from './spread.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dryRun = process.argv.includes('--dry-run');
const journaled = process.argv.includes('--journal');
const rows = Number(args[0] ?? 1_000_000);
const small = Number(args[1] ?? 10_000);
const rounds = Number(args[2] ?? 3);
const concurrency = 16;
const rate = 1_000_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'broadcast-cli-bench-'));
const { server, base } = await startAcceptingServer();

const phone = (i) => `+9198${String(10_000_000 + i).padStart(8, '0')}`;
async function writeCsv(count) {
  const path = join(dir, `rows-${count}.csv`);
  const out = createWriteStream(path);
  out.write('phone,first_name,order_id\r\n');
  for (let i = 0; i < count; i++) {
    if (!out.write(`${phone(i)},"Customer ${i}, Jr.",ORD-${i}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return path;
}

const env = {
  PATH: process.env.PATH,
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'bench-key-0123456789',
  KALEYRA_BASE_URL: base,
  KALEYRA_FROM: '+919876543210',
};

let runs = 0;
/** A journal file no run has used (each run starts a new broadcast). */
const freshJournal = () => join(dir, `journal-${runs++}.jsonl`);

/** Runs node with `argv` in a fresh process; resolves with wall seconds, CPU seconds and peak RSS in MiB. */
async function measure(argv) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', join(root, 'bench/report-peak-rss.mjs'), ...argv], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let report = '';
  let stderr = '';
  child.stdio[3].on('data', (chunk) => (report += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const [code] = await once(child, 'close');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${stderr}`);
  for (const path of argv.filter((a) => a.includes('journal-')))
    rmSync(path.replace(/^--journal=/, ''), { force: true });
  const { maxRssKiB, cpuMs } = JSON.parse(report);
  return { seconds, cpu: cpuMs / 1000, mib: maxRssKiB / 1024 };
}

const cli = (csv) => [
  'lib/esm/cli.js',
  'broadcast',
  '--csv',
  csv,
  '--name',
  'order_update',
  '--param-columns',
  'first_name,order_id',
  '--rate',
  String(rate),
  '--concurrency',
  String(concurrency),
  '--out',
  join(dir, 'results.csv'),
  ...(dryRun ? ['--dry-run'] : []),
  ...(journaled ? ['--journal', freshJournal()] : []),
];
const plain = (count) => [
  'bench/send-many-jobs.mjs',
  String(count),
  String(concurrency),
  String(rate),
  ...(dryRun ? ['--dry-run'] : []),
  ...(journaled ? [`--journal=${freshJournal()}`] : []),
];

const files = { [small]: await writeCsv(small), [rows]: await writeCsv(rows) };
const ways = {
  [`CLI ${small} rows`]: () => measure(cli(files[small])),
  [`CLI ${rows} rows`]: () => measure(cli(files[rows])),
  [`sendMany ${rows} jobs`]: () => measure(plain(rows)),
};
const names = Object.keys(ways);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    samples[name].push(await ways[name]());
  }
}

const show = ({ min, median, max }, digits) =>
  `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
console.log(
  `kaleyra-wa broadcast${dryRun ? ' --dry-run' : ''}${journaled ? ' --journal' : ''}: ${rows} rows (${(statSync(files[rows]).size / 2 ** 20).toFixed(0)} MiB CSV) vs ${small}, concurrency ${concurrency}, ${rounds} rounds, node ${process.version}`,
);
console.log(
  '                          peak RSS MiB min/median/max   wall s min/median/max   CPU s min/median/max   rows/s (median)',
);
for (const name of names) {
  const count = Number(name.match(/\d+/)[0]);
  const wall = stats(samples[name].map((s) => s.seconds));
  const cpu = stats(samples[name].map((s) => s.cpu));
  console.log(
    `${name.padEnd(26)}${show(stats(samples[name].map((s) => s.mib)), 1).padEnd(32)}${(show(wall, 2) + ' ').padEnd(24)}${(show(cpu, 2) + ' ').padEnd(23)}${(count / wall.median).toFixed(0)}`,
  );
}
const big = samples[`CLI ${rows} rows`];
const base10k = samples[`CLI ${small} rows`];
const overSmall = big.map((s, i) => s.mib - base10k[i].mib);
const baseline = samples[`sendMany ${rows} jobs`];
const overSendMany = big.map((s, i) => s.seconds / baseline[i].seconds);
// The client process's own CPU: what the CLI adds per row, which the machine's load inflates less.
const cpuOverSendMany = big.map((s, i) => s.cpu / baseline[i].cpu);
console.log(
  `CLI ${rows} over CLI ${small}, peak RSS (same round): ${show(stats(overSmall), 1)} MiB (goal ≤ 64)`,
);
console.log(
  `CLI wall over sendMany on the same jobs (same round): ${show(stats(overSendMany), 2)}× (goal ≤ 1.10)`,
);
console.log(`CLI process CPU over sendMany's (same round): ${show(stats(cpuOverSendMany), 2)}×`);
server.close();
rmSync(dir, { recursive: true, force: true });
