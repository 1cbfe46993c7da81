// Runs the Redocly CLI with its output passed through, minus the boxed "Node.js 20 support is ending"
// banner it prints on every run under Node 20 (there is no flag or variable to turn it off). The
// package supports Node 20 (engines), so the banner is noise on a newcomer's first screen, printed
// once per Redocly call. Usable as a module (runRedocly) or as `node scripts/redocly.mjs <args>`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cliPackage = require.resolve('@redocly/cli/package.json');
const cliBin = require(cliPackage).bin;
const cliEntry = join(
  dirname(cliPackage),
  typeof cliBin === 'string' ? cliBin : (cliBin.redocly ?? Object.values(cliBin)[0]),
);

/** Removes a box drawn with ╔ … ╚ that mentions Node.js 20, and the blank lines around it. */
export function withoutNodeBanner(text) {
  return text.replace(/\n*[ \t]*╔[^]*?╚[^\n]*\n*/g, (box) => (/Node\.js 20/.test(box) ? '' : box));
}

/** Runs `redocly <args>` from the repository root; returns its exit status. `quiet` drops output on success. */
export function runRedocly(args, { quiet = false } = {}) {
  const run = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const failed = run.status !== 0;
  if (!quiet || failed) {
    process.stdout.write(withoutNodeBanner(run.stdout ?? ''));
    process.stderr.write(withoutNodeBanner(run.stderr ?? ''));
  }
  if (run.error) throw run.error;
  return run.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(runRedocly(process.argv.slice(2)));
