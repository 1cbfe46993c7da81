import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { blockModule, codeBlocks } from './code-blocks.js';

// The README's code must work as written. Every TypeScript block is type-checked against the package's
// source, and every block not marked otherwise runs, as its own program (tsx), against the embedded mock
// (Prism, which refuses a request the document does not allow). Blocks added later are picked up by
// this file on their own; a block that cannot run says why in a marker (see code-blocks.ts).
const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository (gitignored): `kaleyra-whatsapp` resolves to this package from here.
const workDir = join(root, '.tmp', 'readme-blocks');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = codeBlocks(readme).map((block, index) => ({
  ...block,
  file: join(workDir, `block-${String(index + 1).padStart(2, '0')}.mts`),
}));
const label = (block: (typeof blocks)[number]) => `README.md:${block.line} (${block.heading})`;

// Files a block names ('./brochure.pdf') exist in its working directory, with real signatures.
const fileHeads: Record<string, readonly number[]> = {
  pdf: MAGIC.pdf,
  png: MAGIC.png,
  jpg: MAGIC.jpeg,
  jpeg: MAGIC.jpeg,
  mp4: MAGIC.mp4,
};

const canary = join(workDir, 'canary-undeclared-names.mts');
let prism: PrismServer | undefined;
const exec = promisify(execFile);

beforeAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const block of blocks) {
    writeFileSync(block.file, blockModule(block));
    for (const [, name, ext] of block.code.matchAll(/['"]\.\/([\w.-]+)\.(\w+)['"]/g)) {
      if (fileHeads[ext!]) writeFileSync(join(workDir, `${name}.${ext}`), withBody(fileHeads[ext!]!, 2048));
    }
  }
  // A block that leans on names from elsewhere in the README: the type-check must refuse it.
  writeFileSync(
    canary,
    blockModule({ code: "await kaleyra.media.upload({ file: bytes, name: 'photo.png' });" }),
  );
  // Type-checks against src/ through tsconfig.json's paths, as the package's own declarations would.
  writeFileSync(
    join(workDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: ['*.mts'],
    }),
  );
  if (blocks.some((b) => b.mode === 'run')) prism = await startPrism({ startTimeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  await prism?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('README.md code blocks', () => {
  it('has TypeScript blocks, each opt-out marker with a reason', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => b.markerError).map((b) => `${label(b)}: ${b.markerError}`)).toEqual([]);
  });

  it('type-check, every one of them (tsc, strict)', async () => {
    const checked = blocks.filter((b) => b.mode !== 'skip');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await exec(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], {
      cwd: root,
      encoding: 'utf8',
    }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    const canaryErrors = result.split('\n').filter((line) => line.includes('canary-undeclared-names.mts'));
    expect(canaryErrors.join('\n')).toMatch(/Cannot find name 'kaleyra'/);
    expect(canaryErrors.join('\n')).toMatch(/Cannot find name 'bytes'/);
    // Name each error by its README line rather than by the generated file.
    const errors = result
      .split('\n')
      .filter((line) => /error TS/.test(line) && !line.includes('canary-undeclared-names.mts'))
      .map((line) => {
        const block = checked.find((b) => line.includes(b.file.slice(workDir.length + 1)));
        return block ? `${label(block)}: ${line.replace(/^.*?error /, 'error ')}` : line;
      });
    expect(errors).toEqual([]);
  }, 180_000);

  const runnable = blocks.filter((b) => b.mode === 'run');
  it.each(runnable.map((b) => [label(b), b] as const))(
    '%s runs against the mock',
    async (_name, block) => {
      const { stdout, stderr } = await exec(
        process.execPath,
        ['--import', 'tsx', '--import', join(root, 'test', 'readme', 'redirect-to-mock.mjs'), block.file],
        {
          cwd: workDir,
          encoding: 'utf8',
          timeout: 90_000,
          env: {
            ...process.env,
            MOCK_URL: prism!.url,
            KALEYRA_BASE_URL: prism!.url,
            KALEYRA_SID: 'HXAP16XXXXXX97IN',
            KALEYRA_API_KEY: 'readme-key',
            KALEYRA_POD: 'in',
            KALEYRA_FROM: '+919876543210',
            TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
          },
        },
      ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${label(block)} failed:\n${error.stderr || error.message}\n${error.stdout ?? ''}`);
      });
      expect(stderr).not.toMatch(/Error|Unhandled/);
      expect(typeof stdout).toBe('string');
    },
    120_000,
  );
});
