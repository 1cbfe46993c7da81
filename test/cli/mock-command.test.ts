import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { findPrism } from '../../src/cli/prism-process.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { freePort, startProcess } from '../support/processes.js';

describe('kaleyra-wa mock', () => {
  it('serves the mock until stopped, refusing invalid requests like the API', async () => {
    const port = await freePort();
    const mock = startProcess(['src/cli/bin.ts', 'mock', '--port', String(port)]);
    // Prism takes seconds to start, more on a loaded machine.
    await mock.waitFor(`mock Kaleyra listening on http://127.0.0.1:${port}`);

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

    mock.child.kill('SIGTERM');
    expect(await mock.exited).toBe(0);
  }, 90_000);

  it('stops with a non-zero exit and says so when Prism dies under it', async () => {
    const port = await freePort();
    const mock = startProcess(['src/cli/bin.ts', 'mock', '--port', String(port)]);
    await mock.waitFor('mock Kaleyra listening on');

    // Prism is the mock's one child process.
    const prismPids = execFileSync('pgrep', ['-P', String(mock.child.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    expect(prismPids).toHaveLength(1);
    process.kill(prismPids[0]!, 'SIGKILL');

    const code = await Promise.race([
      mock.exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
    ]);
    if (code === 'still running') mock.child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(mock.output()).toMatch(/Prism.*stopped unexpectedly \(signal SIGKILL\)/);
  }, 90_000);

  it('says how to install Prism when it cannot be found', () => {
    const elsewhere = mkdtempSync(`${tmpdir()}/no-prism-`);
    expect(() => findPrism(elsewhere)).toThrow(UsageError);
    expect(() => findPrism(elsewhere)).toThrow(/npm install --save-dev @stoplight\/prism-cli/);
  });
});
