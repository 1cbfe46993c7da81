import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the core is web-standard', () => {
  // Deno, Bun, Workers and browsers have fetch, streams and Blob, but not Node's modules or globals.
  // src/node (paths, fs streams, IncomingMessage), src/cli (the command line) and src/testing (a fake
  // Kaleyra on node:http) are Node-only by design.
  const core = sourceFiles(join(root, 'src')).filter(
    (file) => !/^(node|cli|testing)\//.test(relative(join(root, 'src'), file)),
  );

  it.each(core.map((file) => [relative(root, file), file]))(
    '%s uses no Node-only module or global',
    (_name, file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      expect(code).not.toMatch(/from\s+['"](node:|fs|path|os|stream|http|https|url|crypto|buffer|util)['"/]/);
      expect(code).not.toMatch(/\brequire\(/);
      expect(code).not.toMatch(/\b(process|Buffer|__dirname|__filename)\b\s*[.([]/);
    },
  );
});

describe('the built package', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  // Runs in a child process so the package is loaded through its exports map, exactly as users load it.
  const script = (loader: string) => `
    ${loader}
    const client = createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: 'runtime-test-key', baseUrl: process.argv[1], from: '+919876543210' });
    client.v2Messages.sendText({ to: '+919812345678', body: 'hello' }).then((r) => console.log(JSON.stringify(r)));
  `;

  it.each([
    [
      'ESM import',
      ['--input-type=module', '-e', script("import { createKaleyraClient } from 'kaleyra-whatsapp';")],
    ],
    ['CommonJS require', ['-e', script("const { createKaleyraClient } = require('kaleyra-whatsapp');")]],
  ])('%s loads and sends a JSON message', async (_how, args) => {
    server.requests.length = 0;
    // Asynchronous: the recording server lives in this process and must keep answering.
    const { stdout: out } = await promisify(execFile)(process.execPath, [...args, server.url], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ code: 'WA202' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json).toMatchObject({
      messaging_object: { type: 'text', text: { body: 'hello' } },
    });
  });

  // Each entry point is its own bundle; kaleyra-whatsapp/node must still throw the core's classes,
  // so `instanceof` works across entry points (a directory is not a regular file).
  it.each([
    [
      'ESM import',
      [
        '--input-type=module',
        '-e',
        "import { KaleyraValidationError } from 'kaleyra-whatsapp'; import { fileFromPath } from 'kaleyra-whatsapp/node'; fileFromPath('.').catch((e) => console.log(e instanceof KaleyraValidationError, e.rule));",
      ],
    ],
    [
      'CommonJS require',
      [
        '-e',
        "const { KaleyraValidationError } = require('kaleyra-whatsapp'); const { fileFromPath } = require('kaleyra-whatsapp/node'); fileFromPath('.').catch((e) => console.log(e instanceof KaleyraValidationError, e.rule));",
      ],
    ],
  ])("%s: an error from kaleyra-whatsapp/node is an instance of the core's class", async (_how, args) => {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(stdout.trim()).toBe('true not-a-file');
  });

  it('ships the kaleyra-wa command, whose --help lists every command', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const bin = join(root, manifest.bin['kaleyra-wa']);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    for (const command of ['send', 'upload', 'mock', 'demo'])
      expect(stdout).toContain(`kaleyra-wa ${command}`);
  });
});
