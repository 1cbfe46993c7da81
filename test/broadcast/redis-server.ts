import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/processes.js';

export interface RedisServer {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
  /** kill -9: no shutdown save, connections dropped mid-command. */
  kill(): Promise<void>;
}

export interface RedisOptions {
  /** A port to reuse (a restart of an earlier server); default a free one. */
  port?: number;
  /** Persist with an append-only file in this folder, fsynced on every write; default in memory only. */
  aofDir?: string;
}

/** Starts Debian's redis-server on a loopback port, in memory only (no RDB, no AOF) unless `aofDir`. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const persistence = options.aofDir
    ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.aofDir]
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
      reject(
        new Error(`cannot run redis-server (${error.message}); install it: apt-get install -y redis-server`),
      );
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
