// Bundles the split spec into the single files every consumer reads: dist/openapi.yaml and dist/openapi.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
for (const [out, ext] of [['dist/openapi.yaml', 'yaml'], ['dist/openapi.json', 'json']]) {
  execFileSync('npx', ['redocly', 'bundle', 'kaleyra-whatsapp', '--output', out, '--ext', ext], { stdio: ['ignore', 'ignore', 'inherit'] });
}
