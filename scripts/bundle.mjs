// Bundles the split spec into the single files every consumer reads: dist/openapi.yaml and dist/openapi.json.
// Quiet on success (it runs first in `npm start`); Redocly's own output is shown when it fails.
import { mkdirSync } from 'node:fs';
import { runRedocly } from './redocly.mjs';

mkdirSync('dist', { recursive: true });
for (const [out, ext] of [
  ['dist/openapi.yaml', 'yaml'],
  ['dist/openapi.json', 'json'],
]) {
  const status = runRedocly(['bundle', 'kaleyra-whatsapp', '--output', out, '--ext', ext], { quiet: true });
  if (status !== 0) process.exit(status);
}
