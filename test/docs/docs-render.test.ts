import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, launchChromium, serveDirectory } from '../support/chromium.js';
import { at, listAt, objectAt, textAt } from '../../src/testing/json-walk.js';

// Builds the API reference (scripts/docs.mjs, the build step of `npm run docs`) from the bundled
// document, opens it in headless Chromium (test/support/chromium.ts) with every request to another
// host blocked, and checks that what a reader sees names every operation and every documented error code.
const root = fileURLToPath(new URL('../../', import.meta.url));
const specJson = `${root}dist/openapi.json`;
const docsDir = `${root}docs`;
const docsHtml = `${docsDir}/index.html`;
const screenshotPath = `${docsDir}/screenshot.png`;

const skipReason = browserSuiteSkipReason('docs-render');

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function readSpec(): unknown {
  if (!existsSync(specJson)) throw new Error(`${specJson} is missing: run \`npm run bundle\` before the docs test.`);
  return JSON.parse(readFileSync(specJson, 'utf8'));
}

const spec = readSpec();
interface Operation {
  where: string;
  summary: string;
  tag: string;
}
const operations: Operation[] = [];
for (const [path, item] of Object.entries(objectAt(spec, 'paths'))) {
  for (const method of methods) {
    const op = at(item, method);
    if (op) operations.push({ where: `${method.toUpperCase()} ${path}`, summary: textAt(op, 'summary') ?? '', tag: textAt(op, 'tags', 0) ?? '' });
  }
}
const tags: string[] = [...new Set([...listAt(spec, 'tags').flatMap((t) => textAt(t, 'name') ?? []), ...operations.map((o) => o.tag)])];
const errorCodes: string[] = listAt(spec, 'components', 'schemas', 'KnownErrorCode', 'oneOf').flatMap((member) => textAt(member, 'const') ?? []);
// The screenshot shows this operation's page (the richest one: the v2 send), falling back to the first.
const screenshotOperation = operations.find((o) => o.where.startsWith('POST /v2/') && o.where.endsWith('/messages')) ?? operations[0];

/** Redoc writes some text with typographic substitutions and collapses whitespace; compare like with like. */
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

let browser: Browser | undefined;
let server: { url: string; close(): Promise<void> } | undefined;
let page: Page;
let pageText = '';
const shownAsHeading = new Set<string>();

function collectText(text: string) {
  pageText += `\n${normalize(text)}`;
}

/**
 * Clicks the operation's sidebar entry and waits for its heading in the content column. Redoc
 * re-renders the sidebar while it scrolls, so an entry can be detached under the click or its tag
 * group folded away: each try opens the tag again when the entry is not shown, then clicks.
 */
async function openOperation(op: Operation) {
  const entry = page.locator('a:has([data-testid="menu-item-label"])').filter({ hasText: op.summary }).first();
  const tag = page.getByRole('link', { name: op.tag, exact: true }).first();
  for (let attempt = 1; ; attempt++) {
    if (!(await entry.isVisible())) await tag.click({ timeout: 5_000 }).catch(() => undefined);
    const clicked = await entry.click({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (clicked) break;
    if (attempt === 4) throw new Error(`the sidebar entry of ${op.where} could not be clicked in ${attempt} tries`);
  }
  await page.getByRole('heading', { name: op.summary }).first().waitFor({ state: 'visible', timeout: 15_000 });
}
const externalRequests: { url: string; type: string }[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skipReason) return;
  const started = Date.now();
  const build = spawnSync(process.execPath, [`${root}scripts/docs.mjs`], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`scripts/docs.mjs failed (exit ${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  const built = Date.now();

  browser = await launchChromium();
  server = await serveDirectory(docsDir);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // The page must render offline: nothing may leave the machine. Record and refuse every other host.
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    externalRequests.push({ url: url.href, type: route.request().resourceType() });
    return route.abort('blockedbyclient');
  });
  await page.goto(server.url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 });
  await page.getByRole('heading', { name: textAt(spec, 'info', 'title') }).first().waitFor({ state: 'visible', timeout: 30_000 });
  collectText(await page.evaluate(() => document.body.innerText));

  // Redoc 3 renders the introduction first and an operation only when a reader navigates to it (and
  // unmounts what is far away), so walk the sidebar like a reader: open each tag, then each of its
  // operations, and keep the text of every view. innerText is what is rendered: it skips <script>, so the
  // definition embedded in the page does not count.
  for (const tag of tags) {
    await page.getByRole('link', { name: tag, exact: true }).first().click();
    collectText(await page.evaluate(() => document.body.innerText));
    for (const op of operations.filter((o) => o.tag === tag)) {
      await openOperation(op);
      shownAsHeading.add(op.summary);
      collectText(await page.evaluate(() => document.body.innerText));
    }
  }
  if (screenshotOperation) await openOperation(screenshotOperation);
  await page.screenshot({ path: screenshotPath, fullPage: true });
  console.info(`docs: built in ${built - started} ms; browsed and captured in ${Date.now() - built} ms`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(skipReason)('API reference (docs/index.html)', () => {
  it('reads operations and error codes from the bundled document', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(errorCodes.length).toBeGreaterThan(0);
    expect(operations.every((o) => typeof o.summary === 'string' && o.summary.length > 0)).toBe(true);
  });

  it('is one self-contained file that renders without any other host', () => {
    expect(statSync(docsHtml).size).toBeGreaterThan(0);
    // Nothing at all: not a script or a font, and not an image either (Redoc's badge logo used to come from its CDN).
    expect(externalRequests, 'requests to other hosts').toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  it('shows code samples (curl and the TypeScript SDK) beside the operations', () => {
    expect(pageText).toContain('TypeScript SDK');
    expect(pageText).toMatch(/curl -X POST/);
  });

  it.each(operations)('shows the summary of $where as a heading', ({ summary }) => {
    expect(shownAsHeading.has(summary)).toBe(true);
    expect(pageText).toContain(normalize(summary));
  });

  it.each(errorCodes)('shows the error code %s', (code) => {
    // As a whole word: `WA401` must not pass only because `WA4010` or `WA-401` is on the page.
    const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(pageText).toMatch(new RegExp(`(^|[^A-Za-z0-9-])${escaped}([^A-Za-z0-9-]|$)`));
  });

  it('saved a full-page screenshot', () => {
    const png = readFileSync(screenshotPath);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10_000);
  });
});
