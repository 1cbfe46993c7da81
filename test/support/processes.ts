import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A loopback port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

/** A child process started by a test, with its stdout and stderr gathered into one text. */
export interface TestProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /**
   * Waits until `text` has appeared `count` times (default 1) in the output, the process exits, or
   * `timeoutMs` (default 60 s: Prism and tsx start slowly on a loaded machine) passes; then asserts it.
   */
  waitFor(text: string | RegExp, options?: { count?: number; timeoutMs?: number }): Promise<void>;
}

/** Starts `node --import=tsx ...args` in the repository root, with `env` over the test's own. */
export function startProcess(args: string[], env: Record<string, string> = {}): TestProcess {
  const child = spawn(process.execPath, ['--import=tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const found = (text: string | RegExp) =>
    typeof text === 'string'
      ? output.split(text).length - 1
      : (output.match(new RegExp(text, 'g')) ?? []).length;
  return {
    child,
    output: () => output,
    exited,
    async waitFor(text, { count = 1, timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (found(text) < count && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 50));
      if (found(text) < count)
        throw new Error(`waited for ${String(text)} ×${count}; the output was:\n${output}`);
    },
  };
}
