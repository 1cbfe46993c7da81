import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../support/processes.js';

export interface RedisServer {
  url: string;
  /** The BullMQ (ioredis) connection options for `url`. */
  connection: { host: string; port: number; username?: string; password?: string; db?: number };
  stop(): Promise<void>;
}

const HOW = 'set REDIS_URL=redis://host:port, or install redis-server (Debian: apt-get install redis-server)';

function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What keeps the Redis suites from running here, or undefined when they can run. */
export function redisMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REDIS_URL || onPath('redis-server', env.PATH)) return undefined;
  return `no redis-server on PATH and no REDIS_URL: ${HOW}`;
}

/**
 * For `describe.skipIf` / `it.skipIf` on a suite that needs Redis: true where there is none, after one
 * line saying what is missing and how to provide it, so `npm test` passes on a bare clone. Under CI
 * (`CI` set) it is false: the suite runs and fails in startRedis, so CI never loses it silently.
 */
export function skipWithoutRedis(suite: string): boolean {
  const missing = redisMissing();
  if (!missing || process.env.CI) return false;
  process.stderr.write(`skipped ${suite}: ${missing}\n`);
  return true;
}

function connectionOf(url: URL): RedisServer['connection'] {
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
  };
}

/**
 * The Redis at REDIS_URL (left running; tests use queue names of their own), or Debian's
 * redis-server started on a free loopback port, in memory only (no RDB, no AOF).
 */
export async function startRedis(): Promise<RedisServer> {
  if (process.env.REDIS_URL) {
    const url = new URL(process.env.REDIS_URL);
    return { url: url.href, connection: connectionOf(url), stop: async () => undefined };
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (${error.message}): ${HOW}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const url = new URL(`redis://127.0.0.1:${port}`);
  return {
    url: url.href,
    connection: connectionOf(url),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
