import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, launchChromium, serveDirectory } from '../support/chromium.js';
import { at, listAt, objectAt, textAt } from '../../src/testing/json-walk.js';
// @ts-expect-error: a plain .mjs build script without declarations
import { codeSamples, operations as sampleOperations, webhookOperations, webhookSamples } from '../../scripts/code-samples.mjs';

// Builds the API reference (scripts/docs.mjs, the build step of `npm run docs`) from the bundled
// document, opens it in headless Chromium (test/support/chromium.ts) with every request to another
// host blocked, and checks that what a reader sees names every operation and every documented error code,
// and that every code sample (scripts/code-samples.mjs) is there where a reader looks for it: each
// operation's samples one click away in the language menu of its sample panel, each webhook's under its
// label in its description. The sample text itself is read, not words found elsewhere on the page.
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
interface Sample {
  label: string;
  source: string;
}
interface Operation {
  where: string;
  summary: string;
  tag: string;
  operationId: string;
  webhook: boolean;
  /** What scripts/docs.mjs put in the page for it. */
  samples: Sample[];
}
const samplesById = new Map<string, Sample[]>([
  ...(sampleOperations(spec) as { operationId: string }[]).map((o) => [o.operationId, codeSamples(o) as Sample[]] as const),
  ...(webhookOperations(spec) as { operationId: string }[]).map((w) => [w.operationId, webhookSamples(w) as Sample[]] as const),
]);
const operations: Operation[] = [];
for (const [group, webhook] of [
  ['paths', false],
  ['webhooks', true],
] as const) {
  for (const [name, item] of Object.entries(objectAt(spec, group))) {
    for (const method of methods) {
      const op = at(item, method);
      if (!op) continue;
      const operationId = textAt(op, 'operationId') ?? '';
      operations.push({
        where: `${method.toUpperCase()} ${webhook ? `webhook ${name}` : name}`,
        summary: textAt(op, 'summary') ?? '',
        tag: textAt(op, 'tags', 0) ?? '',
        operationId,
        webhook,
        samples: samplesById.get(operationId) ?? [],
      });
    }
  }
}
const pathOperations = operations.filter((o) => !o.webhook);

/** The value of a webhook's first JSON body example, the one the sample panel shows first. */
function firstBodyExample(op: Operation): unknown {
  const [method, , name] = op.where.split(' ');
  const examples = objectAt(spec, 'webhooks', name!, method!.toLowerCase(), 'requestBody', 'content', 'application/json', 'examples');
  const first = Object.values(examples)[0];
  const ref = textAt(first, '$ref');
  return at(ref ? at(spec, ...ref.replace(/^#\//, '').split('/')) : first, 'value');
}
const webhooks = operations.filter((o) => o.webhook);
const tags: string[] = [...new Set([...listAt(spec, 'tags').flatMap((t) => textAt(t, 'name') ?? []), ...operations.map((o) => o.tag)])];
const errorCodes: string[] = listAt(spec, 'components', 'schemas', 'KnownErrorCode', 'oneOf').flatMap((member) => textAt(member, 'const') ?? []);
// The screenshot shows this operation's page (the richest one: the v2 send), falling back to the first.
const screenshotOperation = pathOperations.find((o) => o.where.startsWith('POST /v2/') && o.where.endsWith('/messages')) ?? operations[0];

/** Redoc writes some text with typographic substitutions and collapses whitespace; compare like with like. */
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

let browser: Browser | undefined;
let server: { url: string; close(): Promise<void> } | undefined;
let page: Page;
let pageText = '';
const shownAsHeading = new Set<string>();
/** Per operation: the labels its sample menu offers, and the text shown after choosing each one. */
const shownSamples = new Map<string, { menu: string[]; shown: Map<string, string> }>();

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
  // The address names the operation once Redoc has scrolled to it; currentSection() reads it.
  await page.waitForFunction((id) => location.hash.toLowerCase().endsWith(`/${id}`), op.operationId.toLowerCase(), { timeout: 15_000 });
}
/** The open operation's section: Redoc gives each one a `data-section-id`, the hash it navigates to. */
function currentSection() {
  const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
  return page.locator(`[data-section-id="${id}"]`);
}

/**
 * Opens the language menu of the operation's sample panel and chooses each entry in turn, reading the
 * code block the panel then shows.
 */
async function readPanelSamples(op: Operation) {
  const panel = currentSection().locator('.panel-request-samples');
  const code = panel.locator('[data-component-name="CodeBlock/CodeBlockContainer"]').first();
  // The header holds the server menu (it shows the method tag) and, when there is a choice, the language menu.
  const chooser = panel
    .locator('[data-component-name="Panel/PanelHeader"] [data-testid="dropdown"]')
    .filter({ hasNot: page.locator('[data-component-name="Tag/Tag"]') })
    .locator('> button');
  if ((await chooser.count()) === 0) {
    // One language only: the header names it, no menu.
    const only = normalize(await panel.locator('[data-component-name="Panel/PanelHeader"] > span').last().innerText());
    shownSamples.set(op.where, { menu: [only], shown: new Map([[only, await code.innerText()]]) });
    return;
  }
  const items = page.getByRole('menuitem');
  const openMenu = async () => {
    if (!(await items.first().isVisible())) await chooser.click();
    await items.first().waitFor({ state: 'visible', timeout: 5_000 });
  };
  await openMenu();
  const labels = (await items.allInnerTexts()).map(normalize);
  const shown = new Map<string, string>();
  for (const [index, label] of labels.entries()) {
    if (label === 'Payload') continue;
    await openMenu();
    await items.nth(index).click();
    for (let tries = 0; normalize(await chooser.innerText()) !== label; tries++) {
      if (tries === 50) throw new Error(`${op.where}: choosing "${label}" did not switch the sample panel`);
      await page.waitForTimeout(100);
    }
    shown.set(label, await code.innerText());
  }
  shownSamples.set(op.where, { menu: labels, shown });
}

/** A webhook's samples: each code block in its description, under the bold label just before it. */
async function readDescribedSamples(op: Operation) {
  const pairs = await currentSection().evaluate((section) => {
    const found: [string, string][] = [];
    let label: string | undefined;
    for (const el of section.querySelectorAll('strong, pre')) {
      const text = (el as HTMLElement).innerText;
      if (el.tagName === 'STRONG') label = text;
      else if (label !== undefined) {
        found.push([label, text]);
        label = undefined;
      }
    }
    return found;
  });
  shownSamples.set(op.where, { menu: [], shown: new Map(pairs.map(([label, text]) => [normalize(label), text])) });
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
      await (op.webhook ? readDescribedSamples(op) : readPanelSamples(op));
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

  it.each(pathOperations)('$where: the sample menu offers curl, the TypeScript SDK (and the CLI where it covers it), each showing its sample', (op) => {
    const seen = shownSamples.get(op.where);
    expect(op.samples.map((s) => s.label).slice(0, 2)).toEqual(['curl', 'TypeScript SDK']);
    expect(seen?.menu.filter((label) => label !== 'Payload')).toEqual(op.samples.map((s) => s.label));
    for (const sample of op.samples) expect(normalize(seen?.shown.get(sample.label) ?? ''), sample.label).toBe(normalize(sample.source));
  });

  it.each(webhooks)('$where: shows how to receive it with parseCallback and how to send one, each under its label', (op) => {
    const seen = shownSamples.get(op.where);
    expect(op.samples.map((s) => s.label)).toEqual([expect.stringContaining('parseCallback'), expect.stringMatching(/kaleyra-wa trigger|curl/)]);
    for (const sample of op.samples) expect(normalize(seen?.shown.get(sample.label) ?? ''), sample.label).toBe(normalize(sample.source));
    expect(normalize(seen?.shown.get(op.samples[0]!.label) ?? '')).toContain('parseCallback(toWebRequest(req))');
  });

  it.each(webhooks.filter((o) => o.where.startsWith('POST')))('$where: its payload example is shown unfolded', async (op) => {
    await openOperation(op);
    const viewer = currentSection().locator('.panel-request-samples [data-testid="json-viewer"]');
    await viewer.waitFor({ state: 'visible', timeout: 15_000 });
    // The JSON viewer puts a toggle before every object and list: "collapse" when it is open, "expand" when folded.
    expect(await viewer.locator('button[aria-label="expand"]').count(), 'folded objects').toBe(0);
    // What the reader sees is the whole example, every field of it.
    // The viewer can mount before its text is in (a re-render): read until it parses, for up to 5 s.
    const code = viewer.locator('pre').first();
    let shown: unknown;
    for (let tries = 0; shown === undefined; tries++) {
      try {
        shown = JSON.parse(await code.innerText());
      } catch (error) {
        if (tries === 50) throw error;
        await page.waitForTimeout(100);
      }
    }
    expect(shown).toEqual(firstBodyExample(op));
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
