// Regenerates one language's client from dist/openapi.json, compiles it, and drives it through every
// conformance vector in test/vectors/cases: each request is compared with the vector on a local
// recording server, then replayed on the Prism mock, which must accept it.
//
//   npx tsx clients/run.ts python|python-oag|go|java [--no-build]
//
// The language runner speaks a lock-step protocol on stdin/stdout: one JSON line in per case
// ({"file", "baseUrl"}), one JSON line out ({"seen"} or {"failure"}).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startPrism } from '../test/support/prism.js';
import { loadVectors, runVector, type Seen } from '../test/vectors/harness.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const cache = join(root, '.cache');

interface Language {
  /** The command that starts the runner, resolved after the build. */
  runner(): { command: string; args: string[]; env?: Record<string, string> };
}

const LANGUAGES: Record<string, Language> = {
  python: {
    runner: () => ({
      command: join(cache, 'venv', 'bin', 'python'),
      args: [join(root, 'clients/python/run_vectors.py')],
      env: { PYTHONPATH: [join(root, 'clients/python/build/client'), join(root, 'clients')].join(':') },
    }),
  },
  'python-oag': {
    runner: () => ({
      command: join(cache, 'venv-oag', 'bin', 'python'),
      args: [join(root, 'clients/python-oag/run_vectors.py')],
      env: { PYTHONPATH: [join(root, 'clients/python-oag/build/client'), join(root, 'clients')].join(':') },
    }),
  },
  go: {
    runner: () => ({ command: join(root, 'clients/go/build/vectors'), args: [] }),
  },
  java: {
    runner: () => ({
      command: 'java',
      args: [
        '-cp',
        readFileSync(join(root, 'clients/java/build/classpath.txt'), 'utf8').trim(),
        'VectorRunner',
      ],
    }),
  },
};

async function main(): Promise<number> {
  const [name, ...flags] = process.argv.slice(2);
  const language = name ? LANGUAGES[name] : undefined;
  if (!name || !language) {
    console.error(`usage: tsx clients/run.ts ${Object.keys(LANGUAGES).join('|')} [--no-build]`);
    return 2;
  }
  const started = Date.now();
  if (!flags.includes('--no-build')) {
    const build = spawnSync('bash', [join(root, 'clients', name, 'build.sh')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) {
      console.error(`${name}: the build failed (exit ${build.status})`);
      return 1;
    }
  }
  const built = Date.now();

  const { command, args, env } = language.runner();
  if (!existsSync(command) && command.includes('/'))
    throw new Error(`${name}: ${command} is missing; run without --no-build`);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const prism = await startPrism();
  let passed = 0;
  let failed = 0;
  try {
    for (const { file, vector } of loadVectors()) {
      const outcome = await runVector(vector, prism.url, async (baseUrl) => {
        child.stdin!.write(`${JSON.stringify({ file, baseUrl })}\n`);
        const next = await lines.next();
        if (next.done) throw new Error(`the ${name} runner exited (code ${await exited})`);
        const answer = JSON.parse(next.value) as { seen?: Seen; failure?: string };
        if (answer.failure !== undefined) throw new Error(answer.failure);
        return answer.seen ?? {};
      });
      if (outcome.problems.length === 0) {
        passed++;
        console.log(`  ok    ${vector.name}`);
      } else {
        failed++;
        console.log(
          `  FAIL  ${vector.name}\n${outcome.problems.map((line) => `        ${line}`).join('\n')}`,
        );
      }
    }
  } finally {
    child.stdin!.end();
    await prism.close();
    await exited;
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(`${name}: build ${seconds(built - started)} s, vectors ${seconds(Date.now() - built)} s`);
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
