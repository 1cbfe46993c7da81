import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder, found by walking up from this file: the CLI runs from src/cli (tsx, in
 * the repository) and from lib/esm/src/cli or lib/cjs/src/cli (installed), and ships the bundled
 * document at dist/openapi.json in every case.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kaleyra-whatsapp')
      return dir;
    if (dirname(dir) === dir) throw new Error('kaleyra-whatsapp: cannot find the package folder');
  }
}

export function bundledSpecPath(): string {
  return join(packageRoot(), 'dist', 'openapi.json');
}
