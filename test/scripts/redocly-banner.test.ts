import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { withoutNodeBanner } from '../../scripts/redocly.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Redocly 2 prints this box on every run under Node 20, to stderr (copied from its output).
const banner = `
    ╔═════════════════════════════════════════════════════════════════╗
    ║                                                                 ║
    ║  Deprecation warning: Node.js 20 support is ending              ║
    ║  Node.js 20 reached end-of-life on April 30, 2026.              ║
    ║  You are using Node.js v20.20.2.                                ║
    ╚═════════════════════════════════════════════════════════════════╝

`;

describe("Redocly's Node 20 banner", () => {
  it('is removed, and the output around it is kept', () => {
    const output = `${banner}bundling spec/openapi.yaml...\n`;
    expect(withoutNodeBanner(output)).toBe('bundling spec/openapi.yaml...\n');
  });

  it('leaves other boxes alone', () => {
    const other = '\n  ╔══╗\n  ║ Update available ║\n  ╚══╝\n';
    expect(withoutNodeBanner(other)).toBe(other);
  });

  it('does not reach the screen through scripts/redocly.mjs, which every script uses to run Redocly', () => {
    const run = spawnSync(process.execPath, ['scripts/redocly.mjs', '--version'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.stdout + run.stderr).not.toMatch(/Node\.js 20|╔/);
  }, 60_000);
});
