import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/processes.js';

// The README's "Receiving callbacks" server must keep running as written: start it as a user would
// (tsx, the package imported by name) and send it the two delivery forms a callback profile uses.
const root = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'example-secret-token-123';
let child: ChildProcess;
let base: string;
let output = '';

async function waitFor(text: string): Promise<void> {
  for (let i = 0; i < 200 && !output.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
  expect(output).toContain(text);
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import=tsx', 'examples/callback-server.ts'], {
    cwd: root,
    env: { ...process.env, CALLBACK_TOKEN: TOKEN, PORT: String(port) },
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor('listening for Kaleyra callbacks');
}, 30_000);
afterAll(() => {
  child?.kill();
});

describe('examples/callback-server.ts', () => {
  it('takes a GET callback with quoted values (resumable upload status)', async () => {
    const query =
      'status="UPLOADED"&resumable_media_id="639"&file_name="image.png"&waba_id="150441234142241"&time="2024-08-05 05:11:05"';
    const response = await fetch(`${base}/kaleyra/${TOKEN}?${query}`);
    expect(response.status).toBe(200);
    await waitFor('upload 639 is uploaded');
  });

  it('takes a POST callback (incoming text message)', async () => {
    const body = {
      contacts: [{ profile: { name: 'Test' }, wa_id: '15550001234' }],
      messages: [
        {
          from: '15550001234',
          id: 'ABGGFlA5FpafAgo6tHcNmNjXmuSf',
          timestamp: '1700000000',
          text: { body: 'Hello there' },
          type: 'text',
        },
      ],
    };
    const response = await fetch(`${base}/kaleyra/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    await waitFor('message from 15550001234: Hello there');
  });

  it('refuses a request without the secret, and does not echo it', async () => {
    const response = await fetch(`${base}/kaleyra/wrong-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(TOKEN);
  });
});
