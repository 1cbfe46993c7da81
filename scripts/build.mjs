// Compiles the package twice, ESM (lib/esm) and CommonJS (lib/cjs), each with its own type
// declarations, so `import` and `require` both get code and types of the right module kind.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

rmSync('lib', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
}
// The root package.json says "type": "module"; this marks lib/cjs's .js files as CommonJS.
writeFileSync('lib/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
console.log('built lib/esm and lib/cjs');
