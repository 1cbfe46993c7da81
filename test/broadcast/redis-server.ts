import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/processes.js';

export interface RedisServer {
  url: string;
  host: string;
  port: number;
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

/** Starts Debian's redis-server on a loopback port, in memory only (no RDB, no AOF) unless given a folder for its AOF. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
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
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
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
