#!/usr/bin/env node
// Builds the static API reference, docs/index.html, from the bundled document (dist/openapi.yaml; run
// `npm run bundle` first, which `npm run docs` does).
//
// `redocly build-docs` (CLI 2.x) loads Redoc from cdn.redocly.com by default; `--inlineBundle` embeds
// the scripts so the page renders offline. The page is also prerendered: its text is in the HTML even
// before the script runs. After building, this script refuses an output that still loads a script,
// stylesheet or font from another host.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runRedocly } from './redocly.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = join(root, 'dist', 'openapi.yaml');
const outDir = join(root, 'docs');
const output = join(outDir, 'index.html');

if (!existsSync(input)) {
  console.error(`docs: ${input} is missing; run \`npm run bundle\` first (\`npm run docs\` does).`);
  process.exit(1);
}

const spec = parse(readFileSync(input, 'utf8'));
const title = `${spec.info?.title ?? 'API'} ${spec.info?.version ?? ''}`.trim();

mkdirSync(outDir, { recursive: true });
const args = [
  'build-docs',
  input,
  '--output',
  output,
  '--title',
  title,
  // Embed Redoc instead of loading it from the CDN: the page must work offline.
  '--inlineBundle',
  // Redoc 3 option: list a schema's required properties before the optional ones.
  '--openapi.sortRequiredPropsFirst=true',
  '--templateOptions.metaDescription=Reference for the kaleyra-whatsapp OpenAPI document (Kaleyra WhatsApp Business API v1 and v2).',
];
const status = runRedocly(args);
if (status !== 0) {
  console.error(`docs: redocly build-docs failed (exit ${status}).`);
  process.exit(status);
}

// Offline check: nothing the page needs to render may come from another host.
const html = readFileSync(output, 'utf8');
const external = [
  ...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi),
  ...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?(https?:)?\/\/[^"'\s>]+[^>]*>/gi),
  ...html.matchAll(/@import\s+(url\()?["']?(https?:)?\/\/[^"')\s;]+/gi),
  ...html.matchAll(/@font-face\s*{[^}]*url\(\s*["']?(https?:)?\/\/[^)]+\)/gi),
].map((m) => m[0].slice(0, 200));
if (external.length > 0) {
  console.error('docs: the page loads resources from other hosts, so it would not render offline:');
  for (const e of external) console.error(`  ${e}`);
  process.exit(1);
}
console.log(`docs: wrote ${output} (${Math.round(html.length / 1024)} KiB, self-contained).`);
