// Start-up cost of the package, side by side with a bare `node`, and the core's size on the wire:
//
//   npm run build && node bench/import-time.mjs [runs]
//
// Each run is a fresh process; rounds alternate the variants so machine noise hits them alike, and the
// median is reported, as wall time and as the CPU time the process used (user + system, read by the
// process itself at exit), which a busy machine inflates far less than wall time. "unbundled" is the same source compiled one file per module (as the package
// shipped before 0.2.0), to show what the bundle saves. Not a test: compare the differences.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);

// The unbundled variant: every src file transpiled on its own into .tmp/unbundled (inside the
// repository, so `openapi-fetch` resolves from node_modules).
const unbundled = join(root, '.tmp', 'unbundled');
rmSync(unbundled, { recursive: true, force: true });
const sources = (dir) =>
  readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory()
      ? sources(join(dir, name))
      : name.endsWith('.ts')
        ? [join(dir, name)]
        : [],
  );
await build({
  entryPoints: sources(join(root, 'src')).filter((f) => !f.includes('/cli/')),
  outdir: unbundled,
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'neutral',
  logLevel: 'warning',
});
mkdirSync(unbundled, { recursive: true });
writeFileSync(join(unbundled, 'package.json'), '{"type":"module"}\n');

const reportCpu =
  "process.on('exit', () => { const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); });";
const variants = {
  'bare node': ['-e', reportCpu],
  'import (ESM bundle)': ['--input-type=module', '-e', `${reportCpu} import 'kaleyra-whatsapp';`],
  'require (CJS bundle)': ['-e', `${reportCpu} require('kaleyra-whatsapp');`],
  'import (unbundled)': [
    '--input-type=module',
    '-e',
    `${reportCpu} import './${relative(root, join(unbundled, 'index.js'))}';`,
  ],
};
const wall = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const cpu = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, args] of Object.entries(variants)) {
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    wall[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    cpu[name].push(Number(out));
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, base) =>
  `${value.toFixed(1).padStart(7)} ms${base === undefined ? '' : ` (+${(value - base).toFixed(1)})`}`;
console.log(
  `import time, median of ${runs} fresh processes (node ${process.version}); (+n) is over bare node:`,
);
console.log(`  ${''.padEnd(22)} ${'wall'.padStart(18)} ${'cpu'.padStart(20)}`);
for (const name of Object.keys(variants)) {
  const isBare = name === 'bare node';
  const w = fmt(median(wall[name]), isBare ? undefined : median(wall['bare node']));
  const c = fmt(median(cpu[name]), isBare ? undefined : median(cpu['bare node']));
  console.log(`  ${name.padEnd(22)} ${w.padStart(18)} ${c.padStart(20)}`);
}
rmSync(unbundled, { recursive: true, force: true });

// Size: the core as a browser or edge bundler would ship it, minified, with and without openapi-fetch.
async function minGz(external) {
  const result = await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'warning',
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.byteLength, gz: gzipSync(bytes, { level: 9 }).byteLength };
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [label, external] of [
  ['core alone (openapi-fetch external)', ['openapi-fetch']],
  ['core + openapi-fetch', []],
]) {
  const { min, gz } = await minGz(external);
  console.log(`size, ${label}: ${kib(min)} minified, ${kib(gz)} min+gz`);
}
