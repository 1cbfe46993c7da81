import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Deno guards its environment with a permission. The client reads KALEYRA_* only when that
// permission is granted, so a program run without --allow-env neither prompts nor crashes, and a
// missing value is reported as missing. Needs `npm run build`.
const root = fileURLToPath(new URL('../../', import.meta.url));
const deno = join(root, 'node_modules', '.bin', 'deno');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  NO_COLOR: '1',
  KALEYRA_SID: 'HXDENO000000001',
  KALEYRA_API_KEY: 'deno-env-key-123',
  KALEYRA_POD: 'na',
  KALEYRA_FROM: '+919876543210',
  KALEYRA_LOG: 'debug',
};

async function run(permission: string[]): Promise<Record<string, string>> {
  if (!existsSync(join(root, 'lib', 'esm', 'index.js')))
    throw new Error('lib/esm is missing: run `npm run build` first');
  const args = ['run', '--no-prompt', ...permission, 'test/runtimes/environment-smoke.mjs'];
  const { stdout } = await promisify(execFile)(deno, args, { cwd: root, env });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

describe('Deno environment permission', () => {
  it('without --allow-env: explicit options work and omitted ones are reported missing, not a permission error', async () => {
    expect(await run([])).toEqual({
      explicit: 'created',
      fromEnvironment: 'KaleyraValidationError:sid:required',
    });
  }, 60_000);

  it('with --allow-env: KALEYRA_* fill the omitted options', async () => {
    const result = await run(['--allow-env']);
    expect(result.fromEnvironment).toBe(
      'https://api.na.kaleyra.ai/v2/HXDENO000000001/whatsapp/+919876543210/messages',
    );
  }, 60_000);
});
