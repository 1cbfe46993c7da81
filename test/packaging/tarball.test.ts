import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_EVENTS } from '../../src/testing/callback-catalogue.js';
import { codeBlocks } from '../readme/code-blocks.js';

// Where users stand: the packed tarball installed into a fresh project that has only what a user
// has (the package's dependencies; no devDependencies, no optional peers). One pack and one
// install per run, shared by every test here; the packed files are the ones `npm test` built.
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const KEY = 'tarball-test-key-7Hq2';
const CREDENTIALS = {
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: KEY,
  KALEYRA_POD: 'in',
  KALEYRA_FROM: '+919876543210',
};

// The child processes get this test's environment without what npm set for the repository's own run
// (npm_package_*, npm_lifecycle_*), so the project's npm and node see a user's shell.
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(npm_package_|npm_lifecycle_|npm_config_(?!cache$|registry$|userconfig$))/.test(name),
  ),
) as Record<string, string>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) =>
    execFile(command, args, { cwd, env: { ...userEnv, ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

let work: string;
let app: string;
const npmInstall = (...names: string[]) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...names], app);
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(join(app, 'node_modules', '.bin', 'kaleyra-wa'), args, app, env);
const node = (args: string[]) => run(process.execPath, args, app);

beforeAll(async () => {
  for (const built of ['lib/esm/index.js', 'lib/cjs/index.js', 'lib/esm/cli.js', 'dist/openapi.json'])
    if (!existsSync(join(root, built)))
      throw new Error(`${built} is missing: run npm run build (npm test builds before vitest)`);
  work = mkdtempSync(join(tmpdir(), 'kaleyra-tarball-'));
  // --ignore-scripts: prepack would bundle and build again; npm test has just done both.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  expect(pack.code, pack.stderr).toBe(0);
  const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }),
  );
  const install = await npmInstall(join(work, filename));
  expect(install.code, install.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it('installs with its dependencies only: no devDependency, no optional peer', () => {
  for (const name of Object.keys(manifest.dependencies))
    expect(existsSync(join(app, 'node_modules', name)), name).toBe(true);
  const absent = [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.devDependencies)];
  expect(absent.filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
});

describe('every entry point loads', () => {
  const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json');
  const specifier = (subpath: string) => `kaleyra-whatsapp${subpath.slice(1)}`;
  // What each entry gives, or why it failed, as one JSON object.
  const report = (load: (spec: string) => string) => `
    const result = {};
    for (const spec of ${JSON.stringify(subpaths.map(specifier))}) {
      try { const m = ${load('spec')}; result[spec] = Object.keys(m).length; }
      catch (error) { result[spec] = String(error.message).split('\\n')[0]; }
    }
    console.log(JSON.stringify(result));`;
  const expected = Object.fromEntries(
    subpaths.map((subpath) => [
      specifier(subpath),
      // The BullMQ entry is bullmq's own: without it installed, loading it says so.
      subpath === './broadcast/bullmq' || subpath === './callbacks/bullmq'
        ? expect.stringContaining("'bullmq'")
        : expect.any(Number),
    ]),
  );

  it('by import (ESM)', async () => {
    const loaded = await node([
      '--input-type=module',
      '-e',
      report(
        (spec) => `await import(${spec}, ${spec}.endsWith('.json') ? { with: { type: 'json' } } : undefined)`,
      ),
    ]);
    expect(loaded.stderr).toBe('');
    const result = JSON.parse(loaded.stdout) as Record<string, unknown>;
    expect(result).toEqual(expected);
    expect(result['kaleyra-whatsapp']).toBeGreaterThan(20);
  });

  it('by require (CommonJS)', async () => {
    const loaded = await node(['-e', report((spec) => `require(${spec})`)]);
    expect(loaded.stderr).toBe('');
    expect(JSON.parse(loaded.stdout)).toEqual(expected);
  });
});

describe('the kaleyra-wa bin', () => {
  it('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^kaleyra-wa: send WhatsApp messages/);
    expect(await cli(['--version'])).toEqual({
      code: 0,
      stdout: `kaleyra-wa ${manifest.version}\n`,
      stderr: '',
    });
  });

  it('send ... --dry-run prints the curl, the key masked', async () => {
    const sent = await cli(
      ['send', 'text', '--to', '+919812345678', '--body', 'hi', '--dry-run'],
      CREDENTIALS,
    );
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^curl .*https:\/\/api\.in\.kaleyra\.io\/v2\/HXAP16XXXXXX97IN\/whatsapp\//s);
    expect(sent.stdout).toContain('$KALEYRA_API_KEY');
    expect(sent.stdout).not.toContain(KEY);
  });

  it('trigger --list names every callback event', async () => {
    const list = await cli(['trigger', '--list']);
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    ).toEqual(CALLBACK_EVENTS.map((event) => event.name));
  });

  it('listen receives what trigger sends, and stops on SIGTERM', async () => {
    const listen = spawn(
      join(app, 'node_modules', '.bin', 'kaleyra-wa'),
      ['listen', '--port', '0', '--json'],
      {
        cwd: app,
        env: userEnv,
      },
    );
    let output = '';
    listen.stdout.on('data', (chunk: Buffer) => (output += chunk));
    listen.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => listen.once('exit', resolve));
    const lines = async (count: number) => {
      for (let waited = 0; output.split('\n').length <= count; waited += 50) {
        if (waited > 30_000 || listen.exitCode !== null) throw new Error(`listen said:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    try {
      const [{ listening }] = (await lines(1)) as [{ listening: string }];
      const trigger = await cli([
        'trigger',
        'status.delivered',
        '--url',
        `${listening}/kaleyra`,
        '--message-id',
        'A123',
      ]);
      expect(trigger.stderr).toBe('');
      expect(trigger.code).toBe(0);
      const [, received] = await lines(2);
      expect(received).toMatchObject({
        method: 'POST',
        path: '/kaleyra',
        event: { kind: 'status', status: 'delivered', messageId: 'A123' },
      });
    } finally {
      listen.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('mock without @stoplight/prism-cli: exit 2, one line naming the package', async () => {
    const mock = await cli(['mock', '--port', '0']);
    expect(mock).toMatchObject({ code: 2, stdout: '' });
    expect(mock.stderr).toMatch(/^error: [^\n]*npm install --save-dev @stoplight\/prism-cli[^\n]*\n$/);
  });

  it('broadcast --redis without bullmq: exit 2, one line naming the package', async () => {
    writeFileSync(join(app, 'customers.csv'), 'phone,first_name\n+919812345678,Asha\n');
    const broadcast = await cli(
      ['broadcast', '--csv', 'customers.csv', '--name', 'order_update', '--redis', 'redis://127.0.0.1:9'],
      CREDENTIALS,
    );
    expect(broadcast).toMatchObject({ code: 2, stdout: '' });
    expect(broadcast.stderr).toMatch(/^error: [^\n]*npm install bullmq[^\n]*\n$/);
  });
});

describe("the README's quick start, against the in-process fake", () => {
  // The first block under "Two commands": a client pointed at a local Kaleyra, one text sent.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quickStart = codeBlocks(readme).find((block) => block.heading === 'Two commands')!;
  const fakeScript = (options: string) => `
    import { startFakeKaleyra } from 'kaleyra-whatsapp/testing';
    const fake = await startFakeKaleyra(${options});
    try {
      process.env.KALEYRA_BASE_URL = fake.baseUrl;
      await import('./quick-start.mjs');
      console.log(JSON.stringify(fake.requestsOf('sendV2Message').map((r) => r.body.messaging_object)));
    } finally { await fake.stop(); }`;

  beforeAll(() => {
    expect(quickStart.code).toContain("baseUrl: 'http://127.0.0.1:4010'");
    // The block is plain JavaScript apart from its fence; only the URL changes, to the fake's.
    writeFileSync(
      join(app, 'quick-start.mjs'),
      quickStart.code.replace("'http://127.0.0.1:4010'", 'process.env.KALEYRA_BASE_URL'),
    );
  });

  it('without Ajv the fake says what to install, and runs with validate: false', async () => {
    const refused = await node(['--input-type=module', '-e', fakeScript('')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('npm install --save-dev ajv ajv-formats');
    const unchecked = await node(['--input-type=module', '-e', fakeScript('{ validate: false }')]);
    expect(unchecked.stderr).toBe('');
    expect(JSON.parse(unchecked.stdout.trim().split('\n').at(-1)!)).toEqual([
      expect.objectContaining({ to: '+919812345678', type: 'text' }),
    ]);
  });

  it('with ajv and ajv-formats installed, as a user would, the fake checks the body and answers', async () => {
    const install = await npmInstall('ajv', 'ajv-formats');
    expect(install.code, install.stderr).toBe(0);
    const checked = await node(['--input-type=module', '-e', fakeScript('')]);
    expect(checked.stderr).toBe('');
    const [messageId, requests] = checked.stdout.trim().split('\n');
    expect(messageId).toMatch(/\S/);
    expect(JSON.parse(requests!)).toEqual([
      expect.objectContaining({ to: '+919812345678', type: 'text', text: { body: 'Hello from the mock' } }),
    ]);
  }, 120_000);
});
