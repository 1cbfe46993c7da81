import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, launchChromium } from '../support/chromium.js';
import { boundaryFromContentType, parseMultipart } from '../support/multipart-parser.js';
import { at } from '../../src/testing/json-walk.js';

// The core claims to need only web-standard APIs. Loading the built ESM package in a real browser,
// with no bundler and no Node polyfills, and sending through it, is the proof. Needs `npm run build`.
const root = fileURLToPath(new URL('../../', import.meta.url));
const libRoot = join(root, 'lib', 'esm');
const recorded: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: Buffer }> =
  [];
let server: Server;
let browser: Browser;
let origin: string;

const page = `<!doctype html>
<script type="importmap">{ "imports": { "openapi-fetch": "/vendor/openapi-fetch.mjs" } }</script>
<script type="module">
  import { createKaleyraClient, KaleyraValidationError } from '/lib/index.js';
  const options = { sid: 'HXAP16XXXXXX97IN', apiKey: 'browser-key', baseUrl: location.origin, from: '+919876543210' };
  const result = {};
  try {
    createKaleyraClient(options);
    result.guard = 'created without opting in';
  } catch (error) {
    result.guard = error instanceof KaleyraValidationError ? error.field + ':' + error.rule : String(error);
  }
  const client = createKaleyraClient({ ...options, dangerouslyAllowBrowser: true });
  try {
    result.text = await client.v2Messages.sendText({ to: '+919812345678', body: 'from a browser' });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3, 4]);
    result.upload = await client.media.uploadResumable({ wabaId: '150441234142241', file: new File([png], 'logo.png') });
    result.refused = await client.v2Messages.sendText({ to: 'nobody', body: 'x' }).then(() => 'sent', (e) => e instanceof KaleyraValidationError ? e.field + ':' + e.rule : String(e));
  } catch (error) {
    result.error = String(error && error.stack || error);
  }
  window.__result = result;
</script>`;

const skipReason = browserSuiteSkipReason('browser runtime');

beforeAll(async () => {
  if (skipReason) return;
  if (!existsSync(join(libRoot, 'index.js')))
    throw new Error('lib/esm is missing: run `npm run build` first');
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET') {
      if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      const file =
        url.pathname === '/vendor/openapi-fetch.mjs'
          ? join(root, 'node_modules', 'openapi-fetch', 'dist', 'index.mjs')
          : normalize(join(libRoot, url.pathname.replace(/^\/lib\//, '/')));
      if (
        !file.startsWith(libRoot + sep) &&
        !file.endsWith('openapi-fetch.mjs') &&
        !file.includes(`${sep}openapi-fetch${sep}`)
      )
        return void res.writeHead(403).end();
      if (!existsSync(file)) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      recorded.push({
        method: req.method!,
        path: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const data = url.pathname.endsWith('/resumable_media')
        ? { id: '639', status: 'PENDING' }
        : { message_id: 'wamid.BROWSER' };
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'WA202', message: 'ok', data, error: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe.skipIf(skipReason)('the ESM build in headless Chromium', () => {
  it('sends a JSON message and a multipart upload with web APIs only, and validates before sending', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(origin);
    await tab.waitForFunction(
      () => (window as unknown as { __result?: unknown }).__result !== undefined,
      undefined,
      { timeout: 20_000 },
    );
    const result = await tab.evaluate(
      () => (window as unknown as { __result: Record<string, unknown> }).__result,
    );
    expect(errors).toEqual([]);
    expect(result.error).toBeUndefined();
    // The key would ship to every visitor: refused unless the page opts in (dangerouslyAllowBrowser).
    expect(result.guard).toBe('dangerouslyAllowBrowser:browser');
    expect(at(result, 'text', 'data', 'message_id')).toBe('wamid.BROWSER');
    expect(at(result, 'upload', 'data')).toEqual({ id: '639', status: 'PENDING' });
    expect(result.refused).toBe('to:e164');

    expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages',
      'POST /v2/HXAP16XXXXXX97IN/whatsapp/150441234142241/resumable_media',
    ]);
    const [text, upload] = recorded;
    expect(text!.headers['api-key']).toBe('browser-key');
    expect(JSON.parse(text!.body.toString())).toMatchObject({
      messaging_object: { type: 'text', text: { body: 'from a browser' } },
    });
    const parts = parseMultipart(upload!.body, boundaryFromContentType(upload!.headers['content-type'])!);
    expect(parts.map((p) => p.name)).toEqual(['file', 'type']);
    expect(parts[0]).toMatchObject({ filename: 'logo.png', contentType: 'image/png' });
    expect(parts[0]!.bytes.byteLength).toBe(20);
    expect(parts[1]!.text).toBe('image/png');
  }, 30_000);
});
