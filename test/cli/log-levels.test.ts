import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runBin, runCli } from './run-cli.js';

// KALEYRA_LOG as the README and the CLI's help write it is what the CLI takes: each level listed
// runs, and the refusal of an unknown one lists the same levels.
const root = fileURLToPath(new URL('../../', import.meta.url));
const listed = (text: string) => [...text.matchAll(/KALEYRA_LOG=([a-z]+(?:\|[a-z]+)+)/g)].map((m) => m[1]!);
const env = {
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'log-levels-key',
  KALEYRA_POD: 'in',
  KALEYRA_FROM: '+919876543210',
};
const dryRun = ['send', 'text', '--to', '+919812345678', '--body', 'hi', '--dry-run'];

it('the README and the help list the same levels, the ones the CLI takes', async () => {
  const help = listed((await runCli(['--help'])).stdout);
  const readme = listed(readFileSync(join(root, 'README.md'), 'utf8'));
  expect(help).toHaveLength(1);
  expect(readme.length).toBeGreaterThan(0);
  expect(new Set(readme)).toEqual(new Set(help));

  const levels = help[0]!.split('|');
  const refused = await runBin(dryRun, { ...env, KALEYRA_LOG: 'trace' });
  expect(refused.code).toBe(2);
  const named = levels.filter((level) => level !== 'off');
  expect(refused.stderr).toContain(`KALEYRA_LOG must be one of ${named.join(', ')} or off`);
  for (const level of levels) {
    const run = await runBin(dryRun, { ...env, KALEYRA_LOG: level });
    expect(run.code, `${level}: ${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^curl /);
  }
}, 60_000);
