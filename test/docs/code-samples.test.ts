import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { codeSamples, operations, RECEIVER_PORT, RECEIVER_URL, SAMPLE_HOST, webhookOperations, webhookSamples } from '../../scripts/code-samples.mjs';
import { CALLBACK_EVENTS } from '../../src/testing/callback-catalogue.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { freePort, startProcess } from '../support/processes.js';

// The API reference's code samples (scripts/code-samples.mjs, put in the page by scripts/docs.mjs)
// must work as shown: the TypeScript ones type-check, and every sample, curl, SDK and CLI, gets a 2xx
// from the mock, which refuses any request the document does not allow. Each webhook's samples work
// together: its parseCallback endpoint runs, and its `kaleyra-wa trigger` (or curl) lines reach it and
// are read as the webhook's kind of event.
const root = fileURLToPath(new URL('../../', import.meta.url));
const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const workDir = join(root, '.tmp', 'code-samples');
const exec = promisify(execFile);

interface Sample {
  lang: string;
  label: string;
  source: string;
}
const all = (operations(spec) as Array<{ operationId: string; method: string; path: string }>).map((o) => ({
  name: `${o.method.toUpperCase()} ${o.path} (${o.operationId})`,
  id: o.operationId,
  samples: codeSamples(o) as Sample[],
}));
interface WebhookSample {
  fence: string;
  label: string;
  source: string;
}
const hooks = (webhookOperations(spec) as Array<{ webhook: string; method: string; operationId: string; kind: string }>).map((w) => {
  const [receive, send] = webhookSamples(w) as [WebhookSample, WebhookSample];
  return { name: `${w.method.toUpperCase()} webhook ${w.webhook} (${w.operationId})`, ...w, receive, send };
});
const bySample = (label: string) => all.flatMap((o) => o.samples.filter((s) => s.label === label).map((s) => [o.name, o.id, s.source] as const));

let prism: PrismServer;
const env = () => ({
  ...process.env,
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'sample-key',
  KALEYRA_BASE_URL: prism.url,
  MOCK_URL: prism.url,
  TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
});

beforeAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'image.png'), withBody(MAGIC.png, 1024));
  writeFileSync(join(workDir, 'image.jpg'), withBody(MAGIC.jpeg, 1024));
  writeFileSync(join(workDir, 'document.pdf'), withBody(MAGIC.pdf, 1024));
  writeFileSync(join(workDir, 'video.mp4'), withBody(MAGIC.mp4, 1024));
  for (const [, id, source] of bySample('TypeScript SDK')) writeFileSync(join(workDir, `${id}.mts`), `${source}\nexport {};\n`);
  for (const hook of hooks) writeFileSync(join(workDir, `${hook.operationId}.mts`), `${hook.receive.source}\nexport {};\n`);
  writeFileSync(join(workDir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.mts'] }));
  prism = await startPrism({ startTimeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  await prism?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('API reference code samples', () => {
  it('every operation has a curl and a TypeScript sample, and the CLI covers sends and uploads', () => {
    expect(all.length).toBeGreaterThan(5);
    for (const o of all) expect(o.samples.map((s) => s.label).slice(0, 2), o.name).toEqual(['curl', 'TypeScript SDK']);
    expect(bySample('kaleyra-wa CLI').map(([, id]) => id).sort()).toEqual(['sendV1Message', 'sendV2Message', 'uploadResumableMedia']);
  });

  it('the TypeScript samples type-check (tsc, strict)', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = await exec(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], { cwd: root, encoding: 'utf8' }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(output.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
  }, 180_000);

  it.each(bySample('TypeScript SDK'))('TypeScript: %s runs against the mock', async (_name, id) => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', '--import', join(root, 'test', 'readme', 'redirect-to-mock.mjs'), `${id}.mts`], {
      cwd: workDir,
      encoding: 'utf8',
      env: env(),
      timeout: 90_000,
    });
    expect(stdout.trim().length).toBeGreaterThan(0);
  }, 120_000);

  it.each(bySample('curl'))('curl: %s gets a 2xx from the mock', async (_name, _id, source) => {
    const command = `${source.replace(SAMPLE_HOST, prism.url)} -sS -o /dev/null -w '%{http_code}'`;
    const { stdout } = await exec('bash', ['-c', command], { cwd: workDir, encoding: 'utf8', env: env(), timeout: 60_000 });
    expect(stdout).toMatch(/^2\d\d$/);
  }, 90_000);

  it('every webhook has a parseCallback endpoint and a way to send it, trigger naming every event of that form', () => {
    expect(hooks.length).toBeGreaterThanOrEqual(Object.keys(spec.webhooks).length);
    for (const hook of hooks) {
      expect(hook.receive.source, hook.name).toContain('parseCallback(');
      const triggered = [...hook.send.source.matchAll(/^kaleyra-wa trigger (\S+)/gm)].map((m) => m[1]);
      const catalogue = CALLBACK_EVENTS.filter((e) => e.webhook === hook.webhook && e.method === hook.method.toUpperCase()).map((e) => e.name);
      expect(triggered, hook.name).toEqual(catalogue);
      if (catalogue.length === 0) expect(hook.send.source, hook.name).toMatch(/^curl /m);
    }
  });

  it.each(hooks)('webhook: $name: the send sample reaches the parseCallback endpoint, read as $kind', async (hook) => {
    const port = await freePort();
    const source = hook.receive.source.replace(`.listen(${RECEIVER_PORT})`, `.listen(${port})`);
    expect(source).not.toBe(hook.receive.source);
    const file = join(workDir, `${hook.operationId}.run.mts`);
    writeFileSync(file, `${source}\nconsole.log('listening');\nexport {};\n`);
    const receiver = startProcess([file]);
    try {
      await receiver.waitFor('listening');
      const url = RECEIVER_URL.replace(`:${RECEIVER_PORT}/`, `:${port}/`);
      const cli = `${process.execPath} --import tsx ${join(root, 'src', 'cli', 'bin.ts')}`;
      const script = hook.send.source.replaceAll(RECEIVER_URL, url).replace(/^kaleyra-wa /gm, `${cli} `);
      const sends = hook.send.source.split('\n').filter((line) => !line.startsWith('#')).length;
      await exec('bash', ['-e', '-c', script], { cwd: workDir, encoding: 'utf8', env: env(), timeout: 90_000 });
      await receiver.waitFor(new RegExp(`(?:^|\\n)${hook.kind} \\S`), { count: sends, timeoutMs: 10_000 });
    } finally {
      receiver.child.kill();
      await receiver.exited;
    }
  }, 180_000);

  it.each(bySample('kaleyra-wa CLI'))('CLI: %s succeeds against the mock', async (_name, _id, source) => {
    const cli = `${process.execPath} --import tsx ${join(root, 'src', 'cli', 'bin.ts')}`;
    const { stdout } = await exec('bash', ['-c', `${source.replace(/^kaleyra-wa /, `${cli} `)} --json`], { cwd: workDir, encoding: 'utf8', env: env(), timeout: 90_000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
  }, 120_000);
});
