import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with captured output; `tty` makes stderr look like a terminal of
 * `columns` columns.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string> = {},
  options: { tty?: boolean; columns?: number } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, env, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: {
      write: (chunk: string) => (stderr += chunk),
      isTTY: options.tty ?? false,
      columns: options.columns,
    },
  });
  return { code, stdout, stderr };
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the real bin (src/cli/bin.ts under tsx) as a child process with exactly `env` plus PATH, so
 * what a user sees (exit code, stack traces or not) is what the test sees. `onSpawn` gets the child,
 * e.g. to send it a signal (a run a signal ended has code -1; the child's `signalCode` names it).
 */
export async function runBin(
  argv: string[],
  env: Record<string, string> = {},
  onSpawn?: (child: ChildProcess) => void,
): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import=tsx', 'src/cli/bin.ts', ...argv], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.once('close', (exit) => resolve(exit ?? -1)));
  return { code, stdout, stderr };
}
