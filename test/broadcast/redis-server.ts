import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../support/processes.js';

export interface RedisServer {
  url: string;
  host: string;
  port: number;
  /** The BullMQ (ioredis) connection options for `url`. */
  connection: { host: string; port: number; username?: string; password?: string; db?: number };
  /** kill -9: no shutdown save, connections dropped mid-command, whatever was not yet in the AOF is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisOptions {
  /** Listen on this port (a restart reuses its predecessor's); default a free one. */
  port?: number;
  /** Keep an append-only file in this folder, so a restart finds the data again; default in memory only. */
  appendOnlyDir?: string;
  /** With `appendOnlyDir`: fsync every write (`always`) or once a second (`everysec`, the default). */
  appendfsync?: 'always' | 'everysec';
}

const HOW = 'set REDIS_URL=redis://host:port, or install redis-server (Debian: apt-get install redis-server)';

/** Whether `command` is an executable in one of PATH's folders. */
export function onPath(command: string, path = process.env.PATH ?? ''): boolean {
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
export function redisMissing(env: NodeJS.ProcessEnv = process.env, needsServer = false): string | undefined {
  if (onPath('redis-server', env.PATH)) return undefined;
  if (env.REDIS_URL && !needsServer) return undefined;
  return needsServer
    ? 'no redis-server on PATH (this suite kills and restarts its own Redis, so REDIS_URL is not enough): install redis-server (Debian: apt-get install redis-server)'
    : `no redis-server on PATH and no REDIS_URL: ${HOW}`;
}

/**
 * For `describe.skipIf` / `it.skipIf` on a suite that needs Redis: true where there is none, after one
 * line saying what is missing and how to provide it, so `npm test` passes on a bare clone. Under CI
 * (`CI` set) it is false: the suite runs and fails in startRedis, so CI never loses it silently.
 * `needsServer`: the suite starts, kills or restarts redis-server itself (REDIS_URL cannot stand in).
 */
export function skipWithoutRedis(suite: string, needsServer = false): boolean {
  const missing = redisMissing(process.env, needsServer);
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
 * A Redis for one suite: `REDIS_URL` when it is set and the suite asks nothing of the server itself,
 * else Debian's redis-server started on a loopback port, in memory only (no RDB, no AOF) unless given
 * a folder for its AOF.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const own = options.port !== undefined || options.appendOnlyDir !== undefined;
  if (process.env.REDIS_URL && !own && !onPath('redis-server')) {
    const url = new URL(process.env.REDIS_URL);
    const connection = connectionOf(url);
    const refuse = async () => {
      throw new Error('REDIS_URL is a Redis this suite did not start: it cannot kill it');
    };
    return {
      url: url.href,
      host: connection.host,
      port: connection.port,
      connection,
      kill: refuse,
      stop: async () => undefined,
    };
  }
  const port = options.port ?? (await freePort());
  const persistence = options.appendOnlyDir
    ? [
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendfsync ?? 'everysec',
        '--dir',
        options.appendOnlyDir,
      ]
    : ['--appendonly', 'no'];
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
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
    host: '127.0.0.1',
    port,
    connection: connectionOf(url),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
