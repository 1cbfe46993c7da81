import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { redisMissing } from './redis-server.js';

// `npm ci && npm test` on a clone with no redis-server: the Redis suites skip with one line saying
// what is missing, and fail instead when CI is set. Run as a user would meet it: vitest itself, on
// the two Redis suites, with a PATH whose only command is node.
const root = fileURLToPath(new URL('../../', import.meta.url));
const bare = mkdtempSync(join(tmpdir(), 'kaleyra-bare-path-'));
symlinkSync(process.execPath, join(bare, 'node'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

function vitestOnTheRedisSuites(extraEnv: Record<string, string>) {
  const { REDIS_URL: _url, CI: _ci, ...env } = process.env;
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--typecheck.enabled=false',
        'test/broadcast/fleet.test.ts',
        'test/broadcast/cli-broadcast.test.ts',
        '-t',
        'Redis|--redis',
      ],
      { cwd: root, env: { ...env, PATH: bare, NO_COLOR: '1', ...extraEnv }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

it('redisMissing says what is missing and how to provide it, and is quiet with REDIS_URL or redis-server', () => {
  expect(redisMissing({ PATH: bare })).toBe(
    'no redis-server on PATH and no REDIS_URL: set REDIS_URL=redis://host:port, or install redis-server (Debian: apt-get install redis-server)',
  );
  expect(redisMissing({ PATH: bare, REDIS_URL: 'redis://127.0.0.1:6379' })).toBeUndefined();
  const withRedis = mkdtempSync(join(tmpdir(), 'kaleyra-redis-path-'));
  symlinkSync(process.execPath, join(withRedis, 'redis-server'));
  expect(redisMissing({ PATH: `${bare}:${withRedis}` })).toBeUndefined();
  rmSync(withRedis, { recursive: true, force: true });
});

it('without redis-server the Redis suites skip, one line each, and the run passes', async () => {
  const run = await vitestOnTheRedisSuites({});
  const skipped = run.output.split('\n').filter((line) => line.startsWith('skipped '));
  expect(skipped).toHaveLength(2);
  expect(skipped).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^skipped the BullMQ fleet .*: no redis-server on PATH and no REDIS_URL: set REDIS_URL=/,
      ),
      expect.stringMatching(
        /^skipped kaleyra-wa broadcast --redis .*: no redis-server on PATH and no REDIS_URL: /,
      ),
    ]),
  );
  expect(run.output).not.toContain('ENOENT');
  expect(run.code).toBe(0);
}, 150_000);

it('with CI set the same suites fail, saying why', async () => {
  const run = await vitestOnTheRedisSuites({ CI: 'true' });
  expect(run.output).toContain('cannot run redis-server');
  expect(run.output).toContain('set REDIS_URL=redis://host:port, or install redis-server');
  expect(run.code).not.toBe(0);
}, 150_000);
