import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CALLBACK_EVENTS } from '../../src/testing/callback-catalogue.js';

// Inside a clone, `npx kaleyra-wa` finds nothing (npm links no package's own bin), so the README
// gives `npm run cli -- ...`. These run what it writes, through npm, as a contributor would.
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const npmCli = /npm run cli -- ([^`\n#]*[^`\n# ])/g;

async function npmRunCli(args: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // The README's words are plain flags: split on spaces, as the shell would.
  return new Promise((resolve) =>
    execFile(
      'npm',
      ['run', '-s', 'cli', '--', ...args.split(' ')],
      { cwd: root, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe('the README says how to run the CLI in this repository, and that works', () => {
  const written = [...readme.matchAll(npmCli)].map((match) => match[1]!);

  it('the README writes npm run cli -- ..., never npx kaleyra-wa, for use inside the repository', () => {
    expect(written).toEqual(expect.arrayContaining(['mock --port 4010', 'trigger --list']));
    const twoCommands = readme.slice(readme.indexOf('## Two commands'), readme.indexOf('## Using it'));
    expect(twoCommands).not.toContain('npx kaleyra-wa');
  });

  it('npm run cli -- trigger --list lists every event', async () => {
    expect(written).toContain('trigger --list');
    const run = await npmRunCli('trigger --list');
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    ).toEqual(CALLBACK_EVENTS.map((event) => event.name));
  }, 130_000);

  it('npm run cli -- --version prints the version, and a usage error keeps its exit code 2', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await npmRunCli('--version')).toMatchObject({
      code: 0,
      stdout: `kaleyra-wa ${manifest.version}\n`,
    });
    expect((await npmRunCli('send txt')).code).toBe(2);
  }, 130_000);
});
