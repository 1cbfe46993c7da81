import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V2_SENT } from '../callbacks/fixtures.js';
import { freePort } from '../support/processes.js';

// examples/next-app as a user has it: `next build` (Next's own type check of the route exports
// included, where `export const POST = createFetchCallbackHandler(...)` used to fail), then
// `next start`, and real callbacks. The copy lives under .tmp/ inside the repository, with no
// package.json of its own, so `kaleyra-whatsapp` resolves to this package's built lib/ through its
// "exports", as an installed package would. One build, the slow part (about 1.5 min on two cores).
const root = fileURLToPath(new URL('../../', import.meta.url));
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const app = join(root, '.tmp', `next-app-${process.pid}`);
const TOKEN = 'next-secret-token-123';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CALLBACK_TOKEN: TOKEN };
let server: ChildProcess | undefined;
let output = '';
let base: string;

async function waitFor(text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(text) && Date.now() < deadline && server?.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  if (!output.includes(text)) throw new Error(`waited for ${text}; next start printed:\n${output}`);
}

beforeAll(async () => {
  if (!existsSync(join(root, 'lib', 'esm', 'index.js')))
    throw new Error('lib/ is missing: run `npm run build` first (npm test builds before vitest)');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(root, '.tmp'), { recursive: true });
  cpSync(join(root, 'examples', 'next-app'), app, {
    recursive: true,
    filter: (source) => !/[\\/](\.next|node_modules)$/.test(source) && !source.endsWith('next-env.d.ts'),
  });
  const started = Date.now();
  await promisify(execFile)(process.execPath, [nextBin, 'build', app], {
    cwd: root,
    env,
    timeout: 480_000,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`next build failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  console.log(`next build of examples/next-app took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [nextBin, 'start', app, '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
  });
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor('Ready', 60_000);
}, 600_000);

afterAll(() => {
  server?.kill();
  rmSync(app, { recursive: true, force: true });
});

describe('examples/next-app (App Router route handler)', () => {
  it('passes next build and answers a POST status callback, the event handled after the answer', async () => {
    const response = await fetch(`${base}/kaleyra/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: V2_SENT,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    await waitFor('kaleyra status: wamid.HBgMOTE5NDAXXXXXX3MDFQIAERgSMEYxMEM1QjQ3QjXXXXXXQ2N0YA sent');
  });

  it('answers a GET callback', async () => {
    const query = 'status="UPLOADED"&resumable_media_id="639"&waba_id="150441234142241"';
    const response = await fetch(`${base}/kaleyra/${TOKEN}?${query}`);
    expect(response.status).toBe(200);
    await waitFor('kaleyra upload callback');
  });

  it('refuses a wrong token with 401', async () => {
    const response = await fetch(`${base}/kaleyra/not-the-token`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });
});
