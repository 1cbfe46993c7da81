import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Runs Stoplight Prism as a mock Kaleyra built from the bundled document. Prism always validates
 * requests: an invalid one gets the operation's 400 example (our operations declare no 422) with the
 * violations in the `sl-violations` header, a missing api-key the 401 RBC001 example, a valid one the
 * first example of the lowest 2xx. `Prefer: code=401, example=<name>` picks another answer. The
 * server URL `https://{pod}` has no path, so every path is served at the root. Prism is a development
 * tool, not a dependency of the SDK: it is found from the current project, with a clear message when
 * it is missing.
 */
export interface MockServer {
  url: string;
  /** Prism's recent output, for error messages. */
  output(): string;
  /** Settles when Prism's process ends, for whatever reason, with how it ended. */
  exited: Promise<string>;
  close(): Promise<void>;
}

export interface MockOptions {
  specPath: string;
  port?: number;
  host?: string;
  /** Also fail Prism's own answers that contradict the document. */
  errors?: boolean;
  startTimeoutMs?: number;
  /** Where to look for @stoplight/prism-cli (default: the current directory). */
  resolveFrom?: string;
}

export function findPrism(resolveFrom: string): string {
  const require = createRequire(join(resolveFrom, 'noop.js'));
  let packageJson: string;
  try {
    packageJson = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new UsageError(
      'the mock needs Prism, which is not installed here: run `npm install --save-dev @stoplight/prism-cli`',
    );
  }
  const bin = JSON.parse(readFileSync(packageJson, 'utf8')).bin;
  const relative: string | undefined =
    typeof bin === 'string' ? bin : (bin?.prism ?? Object.values(bin ?? {})[0]);
  const entry = relative ? join(dirname(packageJson), relative) : '';
  if (!entry || !existsSync(entry))
    throw new UsageError(`Prism's command was not found in ${dirname(packageJson)}`);
  return entry;
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Prism may start workers of its own: signal the whole process group.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export async function startMockServer(options: MockOptions): Promise<MockServer> {
  if (!existsSync(options.specPath))
    throw new UsageError(`the OpenAPI document ${options.specPath} does not exist (run \`npm run bundle\`)`);
  const entry = findPrism(options.resolveFrom ?? process.cwd());
  const host = options.host ?? '127.0.0.1';
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(host));
    const args = [entry, 'mock', options.specPath, '--host', host, '--port', String(port)];
    if (options.errors ?? true) args.push('--errors');
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let log = '';
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
    );
    const url = `http://${host}:${port}`;
    const close = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    };

    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      try {
        // Any answer (Prism says 404 for `/`) means it is listening.
        await (await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) })).arrayBuffer();
        return { url, output: () => log, exited, close };
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await close();
    // Another process may have taken the free port before Prism listened on it.
    if (attempt < 2 && options.port === undefined && /EADDRINUSE/.test(log)) continue;
    throw new Error(`Prism did not start: ${log.slice(-2_000)}`);
  }
}
