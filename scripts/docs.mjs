#!/usr/bin/env node
// Builds the static API reference, docs/index.html, from the bundled document (dist/openapi.yaml; run
// `npm run bundle` first, which `npm run docs` does).
//
// `redocly build-docs` (CLI 2.x) loads Redoc from cdn.redocly.com by default; `--inlineBundle` embeds
// the scripts so the page renders offline. The page is also prerendered: its text is in the HTML even
// before the script runs. After building, this script refuses an output that still loads anything
// from another host.
//
// The reference is built from a copy of the document made for readers (the shipped document is not
// changed):
// - every operation gets x-codeSamples (curl, the TypeScript SDK, and kaleyra-wa where the CLI covers
//   it) generated from its first request example by scripts/code-samples.mjs, and every webhook an
//   endpoint that reads it with parseCallback and the `kaleyra-wa trigger` (or curl) that sends one,
//   in its description (Redoc's sample panel offers webhooks no choice but "Payload");
// - example panes show the request or answer only: each example's description (where the values come
//   from, which seed page, what was corrected) moves, as its first sentence, into a short "About the
//   examples" list in the operation's description;
// - Redoc's "API docs by Redocly" badge loads its logo from cdn.redoc.ly; it is replaced by an inline
//   SVG so the page loads nothing from another host.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  codeSamples,
  operations,
  SAMPLE_LANGUAGES,
  webhookOperations,
  webhookSamples,
} from './code-samples.mjs';
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

/** The first sentence of an example's description: where it comes from. */
function firstSentence(text) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}

function readerCopy(document) {
  const copy = structuredClone(document);
  const examples = copy.components?.examples ?? {};
  const refName = (value) => (typeof value?.$ref === 'string' ? value.$ref.split('/').pop() : undefined);
  for (const w of webhookOperations(copy)) {
    const samples = webhookSamples(w).map(
      (s) => `**${s.label}**\n\n\`\`\`${s.fence}\n${s.source.trimEnd()}\n\`\`\``,
    );
    w.op.description = `${w.op.description ?? ''}\n\n${samples.join('\n\n')}\n`;
  }
  for (const o of operations(copy)) {
    const op = o.op;
    op['x-codeSamples'] = codeSamples(o);
    const notes = [];
    const mediaObjects = [
      ...Object.values(op.requestBody?.content ?? {}),
      ...Object.values(op.responses ?? {}).flatMap((r) => Object.values(r?.content ?? {})),
    ];
    for (const media of mediaObjects) {
      for (const [key, value] of Object.entries(media.examples ?? {})) {
        const example = examples[refName(value)] ?? value;
        if (example?.description)
          notes.push(`- *${example.summary ?? key}*: ${firstSentence(example.description)}`);
      }
    }
    if (notes.length > 0)
      op.description = `${op.description ?? ''}\n\n**About the examples**\n\n${[...new Set(notes)].join('\n')}\n`;
  }
  for (const example of Object.values(examples)) delete example.description;
  for (const o of operations(copy)) {
    for (const media of [
      ...Object.values(o.op.requestBody?.content ?? {}),
      ...Object.values(o.op.responses ?? {}).flatMap((r) => Object.values(r?.content ?? {})),
    ]) {
      for (const value of Object.values(media.examples ?? {})) if (!value.$ref) delete value.description;
    }
  }
  return copy;
}

const tmpDir = join(root, '.tmp', 'docs');
mkdirSync(tmpDir, { recursive: true });
const readerInput = join(tmpDir, 'openapi.json');
writeFileSync(readerInput, JSON.stringify(readerCopy(spec), null, 2));

const redocOptions = {
  // List a schema's required properties before the optional ones.
  sortRequiredPropsFirst: true,
  // The tabs of the sample panel. Redoc drops every x-codeSamples entry whose label is not listed
  // here, and its default list has no TypeScript or CLI entry (see scripts/code-samples.mjs).
  codeSamples: { languages: SAMPLE_LANGUAGES },
  // Open examples and payloads in full: at the default (2) a webhook body folds at `value: {…}`,
  // which hides the message, the status and every field a reader came to see.
  jsonSamplesExpandLevel: 'all',
};

mkdirSync(outDir, { recursive: true });
const args = [
  'build-docs',
  readerInput,
  '--output',
  output,
  '--title',
  title,
  // Embed Redoc instead of loading it from the CDN: the page must work offline.
  '--inlineBundle',
  // Redoc 3 options, as one JSON object (a dotted --openapi.x flag cannot carry a list).
  `--openapi=${JSON.stringify(redocOptions)}`,
  '--templateOptions.metaDescription=Reference for the kaleyra-whatsapp OpenAPI document (Kaleyra WhatsApp Business API v1 and v2).',
];
const status = runRedocly(args);
if (status !== 0) {
  console.error(`docs: redocly build-docs failed (exit ${status}).`);
  process.exit(status);
}

// The badge's logo, drawn inline instead of fetched from cdn.redoc.ly (the link to redocly.com stays).
const badge = (width) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#8a8a8a">Redocly</text></svg>`)}`;
let html = readFileSync(output, 'utf8')
  .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', badge(48))
  .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', badge(48));
writeFileSync(output, html);

// Offline check: nothing the page needs to render may come from another host.
const external = [
  ...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi),
  ...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?(https?:)?\/\/[^"'\s>]+[^>]*>/gi),
  ...html.matchAll(/@import\s+(url\()?["']?(https?:)?\/\/[^"')\s;]+/gi),
  ...html.matchAll(/@font-face\s*{[^}]*url\(\s*["']?(https?:)?\/\/[^)]+\)/gi),
  ...html.matchAll(/https:\/\/cdn\.redoc\.ly\/[^`"'\s)]+/g),
].map((m) => m[0].slice(0, 200));
if (external.length > 0) {
  console.error('docs: the page loads resources from other hosts, so it would not render offline:');
  for (const e of external) console.error(`  ${e}`);
  process.exit(1);
}
console.log(`docs: wrote ${output} (${Math.round(html.length / 1024)} KiB, self-contained).`);
