import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPrism } from '../../src/cli/prism-process.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { freePort } from '../support/processes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('kaleyra-wa mock', () => {
  it('serves the mock until stopped, refusing invalid requests like the API', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import=tsx', 'src/cli/bin.ts', 'mock', '--port', String(port)],
      { cwd: root },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Prism takes seconds to start, more on a loaded machine.
    for (let i = 0; i < 1200 && !output.includes('listening'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain(`mock Kaleyra listening on http://127.0.0.1:${port}`);

    const send = (body: unknown, apiKey = 'any') =>
      fetch(`http://127.0.0.1:${port}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': apiKey },
        body: JSON.stringify(body),
      });
    const valid = {
      messaging_object: {
        messaging_product: 'whatsapp',
        to: '+919812345678',
        type: 'text',
        text: { body: 'hi' },
      },
    };
    expect((await send(valid)).status).toBe(202);
    expect((await send({ messaging_object: { ...valid.messaging_object, type: 'hologram' } })).status).toBe(
      400,
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);

  it('stops with a non-zero exit and says so when Prism dies under it', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import=tsx', 'src/cli/bin.ts', 'mock', '--port', String(port)],
      { cwd: root },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 1200 && !output.includes('listening'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('mock Kaleyra listening on');

    // Prism is the mock's one child process.
    const prismPids = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    expect(prismPids).toHaveLength(1);
    process.kill(prismPids[0]!, 'SIGKILL');

    const code = await Promise.race([
      exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
    ]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(output).toMatch(/Prism.*stopped unexpectedly \(signal SIGKILL\)/);
  }, 90_000);

  it('says how to install Prism when it cannot be found', () => {
    const elsewhere = mkdtempSync(`${tmpdir()}/no-prism-`);
    expect(() => findPrism(elsewhere)).toThrow(UsageError);
    expect(() => findPrism(elsewhere)).toThrow(/npm install --save-dev @stoplight\/prism-cli/);
  });
});
