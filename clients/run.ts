// Regenerates one generator's client from the bundle, compiles it, and drives it through every
// conformance vector in test/vectors/cases: each request is compared with the vector on a local
// recording server, then replayed on the Prism mock, which must accept it.
//
//   npx tsx clients/run.ts <python|python-oag|go|java|kotlin|typescript-fetch|hey-api|php>... [--no-build]
//
// With several names it runs each in turn, all of them even after a failure, and ends with one line
// per generator (vectors passed, build and vector times); the exit code is 1 if any failed, except the
// vectors a generator lists in clients/<name>/known-failures.json (a listed one that passes fails too).
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
  /** The script that regenerates and compiles the client (run from the repository root). */
  build: string;
  /** The command that starts the runner, resolved after the build. */
  runner(): { command: string; args: string[]; env?: Record<string, string> };
}

/** A Java or Kotlin runner: its build writes the classpath, then `java -cp` it. */
const jvm = (name: string, mainClass: string): Language => ({
  build: `clients/${name}/build.sh`,
  runner: () => ({
    command: 'java',
    args: ['-cp', readFileSync(join(root, `clients/${name}/build/classpath.txt`), 'utf8').trim(), mainClass],
  }),
});

/** A TypeScript runner, compiled by its build into clients/<name>/build/out. */
const node = (name: string): Language => ({
  build: `clients/${name}/build.sh`,
  runner: () => ({
    command: process.execPath,
    args: [join(root, `clients/${name}/build/out/${name}/runner.js`)],
  }),
});

const LANGUAGES: Record<string, Language> = {
  python: {
    build: 'clients/python/build.sh',
    runner: () => ({
      command: join(cache, 'venv', 'bin', 'python'),
      args: [join(root, 'clients/python/run_vectors.py')],
      env: { PYTHONPATH: [join(root, 'clients/python/build/client'), join(root, 'clients')].join(':') },
    }),
  },
  'python-oag': {
    build: 'clients/python-oag/build.sh',
    runner: () => ({
      command: join(cache, 'venv-oag', 'bin', 'python'),
      args: [join(root, 'clients/python-oag/run_vectors.py')],
      env: { PYTHONPATH: [join(root, 'clients/python-oag/build/client'), join(root, 'clients')].join(':') },
    }),
  },
  go: {
    build: 'clients/go/build.sh',
    runner: () => ({ command: join(root, 'clients/go/build/vectors'), args: [] }),
  },
  java: jvm('java', 'VectorRunner'),
  kotlin: jvm('kotlin', 'VectorRunnerKt'),
  'typescript-fetch': node('typescript-fetch'),
  'hey-api': node('hey-api'),
  php: {
    build: 'clients/php/build.sh',
    runner: () => ({ command: 'php', args: [join(root, 'clients/php/runner.php')] }),
  },
};

/**
 * Vectors a generator is known to fail, with why (clients/<name>/known-failures.json): reported on
 * every run as failures, but they fail the run only when the set changes. A new failure fails it,
 * and so does a listed one that passes (then the list and clients/README.md's table must change).
 */
interface KnownFailures {
  reason: string;
  vectors: string[];
}

function knownFailures(name: string): KnownFailures {
  const file = join(root, `clients/${name}/known-failures.json`);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as KnownFailures)
    : { reason: '', vectors: [] };
}

interface Outcome {
  name: string;
  /** False when the build failed; no vector ran. */
  built: boolean;
  passed: number;
  failed: number;
  /** Failures listed in known-failures.json (counted in `failed`). */
  known: number;
  /** Listed failures that passed, or failures not listed: either fails the run. */
  unexpected: string[];
  buildMs: number;
  vectorsMs: number;
}

async function runGenerator(name: string, language: Language, build: boolean): Promise<Outcome> {
  const started = Date.now();
  if (build) {
    const result = spawnSync('bash', [join(root, language.build)], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`${name}: the build failed (exit ${result.status})`);
      return {
        name,
        built: false,
        passed: 0,
        failed: 0,
        known: 0,
        unexpected: [],
        buildMs: Date.now() - started,
        vectorsMs: 0,
      };
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
  const listed = knownFailures(name);
  let passed = 0;
  let failed = 0;
  let known = 0;
  const unexpected: string[] = [];
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
      const isKnown = listed.vectors.includes(vector.name);
      if (outcome.problems.length === 0) {
        passed++;
        console.log(
          `  ok    ${vector.name}${isKnown ? '  (listed as a known failure: update the list)' : ''}`,
        );
        if (isKnown) unexpected.push(`${vector.name} passes`);
      } else {
        failed++;
        if (isKnown) known++;
        else unexpected.push(`${vector.name} fails`);
        const label = isKnown ? 'KNOWN' : 'FAIL ';
        console.log(
          `  ${label} ${vector.name}\n${outcome.problems.map((line) => `        ${line}`).join('\n')}`,
        );
      }
    }
  } finally {
    child.stdin!.end();
    await prism.close();
    await exited;
  }
  const outcome = {
    name,
    built: true,
    passed,
    failed,
    known,
    unexpected,
    buildMs: built - started,
    vectorsMs: Date.now() - built,
  };
  console.log(`${name}: build ${seconds(outcome.buildMs)} s, vectors ${seconds(outcome.vectorsMs)} s`);
  if (known > 0) console.log(`${name}: ${known} known failure(s): ${listed.reason}`);
  if (unexpected.length > 0)
    console.log(`${name}: not as listed in known-failures.json: ${unexpected.join(', ')}`);
  // A known failure is still a failure, and the line says which of them the list expects.
  const listedNote = known > 0 ? ` (${known} of them listed in known-failures.json)` : '';
  console.log(`${name}: ${passed} passed, ${failed} failed${listedNote}`);
  return outcome;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Runs each named generator in turn (all of them, even after a failure), then prints one line each. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !LANGUAGES[name]);
  if (names.length === 0 || unknown.length > 0) {
    console.error(`usage: tsx clients/run.ts <${Object.keys(LANGUAGES).join('|')}>... [--no-build]`);
    return 2;
  }
  const outcomes: Outcome[] = [];
  for (const name of names)
    outcomes.push(await runGenerator(name, LANGUAGES[name]!, !args.includes('--no-build')));
  if (outcomes.length > 1) {
    console.log('\ngenerator matrix:');
    for (const { name, built, passed, failed, known, buildMs, vectorsMs } of outcomes) {
      const result = built
        ? `${passed}/${passed + failed} vectors${known > 0 ? ` (${known} known failures)` : ''}`
        : 'build failed';
      console.log(
        `  ${name.padEnd(18)} ${result.padEnd(14)} build ${seconds(buildMs)} s, vectors ${seconds(vectorsMs)} s`,
      );
    }
  }
  return outcomes.every((outcome) => outcome.built && outcome.unexpected.length === 0) ? 0 : 1;
}

process.exitCode = await main();
