import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient } from '../../src/index.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { at } from '../../src/testing/json-walk.js';
import { runCli } from './run-cli.js';

// The whole loop on one machine: the README's callback server, `kaleyra-wa mock --callback-url`
// and an SDK send. Each mock start is a Prism start (seconds on a busy machine), so one mock serves
// several tests.
const TOKEN = 'loop-test-secret-token';
const SID = 'HXAP16XXXXXX97IN';

const start = startProcess;

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const client = (baseUrl: string) =>
  createKaleyraClient({ sid: SID, apiKey: 'test-key', baseUrl, from: '+919876543210' });

describe('kaleyra-wa mock --callback-url with the README callback server', () => {
  let app: TestProcess;
  let mock: TestProcess;
  let mockUrl: string;
  let mockPort: number;
  let v1Receiver: RecordingServer;

  beforeAll(async () => {
    const appPort = await freePort();
    mockPort = await freePort();
    mockUrl = `http://127.0.0.1:${mockPort}`;
    v1Receiver = await startRecordingServer();
    app = start(['examples/callback-server.ts'], { CALLBACK_TOKEN: TOKEN, PORT: String(appPort) });
    mock = start([
      'src/cli/bin.ts',
      'mock',
      '--port',
      String(mockPort),
      '--callback-url',
      `http://127.0.0.1:${appPort}/kaleyra/${TOKEN}`,
      '--delay',
      '50',
    ]);
    await Promise.all([
      app.waitFor('listening for Kaleyra callbacks'),
      mock.waitFor('mock Kaleyra listening on'),
    ]);
  }, 90_000);
  afterAll(async () => {
    mock?.child.kill('SIGTERM');
    app?.child.kill('SIGTERM');
    await v1Receiver?.close();
    await mock?.exited;
  });

  it('delivers sent, delivered and read for the id the send returned, in order', async () => {
    const sent = await client(mockUrl).v2Messages.sendText({
      to: '+919812345678',
      body: 'Your order has shipped',
    });
    const id = sent.data.message_id;
    await app.waitFor(`message ${id} is read`, { timeoutMs: 20_000 });
    const output = app.output();
    const at = ['sent', 'delivered', 'read'].map((status) => output.indexOf(`message ${id} is ${status}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('sends v1 statuses as GETs to the callback_url of a v1 send', async () => {
    const sent = await client(mockUrl).v1Messages.sendText({
      to: '+919812345678',
      body: 'Hi',
      callbackUrl: `${v1Receiver.url}/v1-status`,
    });
    const id = (sent.data as Array<{ message_id: string }>)[0]!.message_id;
    for (let i = 0; i < 200 && v1Receiver.requests.length < 3 * sent.data.length; i++)
      await new Promise((r) => setTimeout(r, 50));
    const forFirst = v1Receiver.requests.filter(
      (r) => new URL(r.path, 'http://x').searchParams.get('id') === id,
    );
    expect(forFirst.map((r) => [r.method, new URL(r.path, 'http://x').searchParams.get('status')])).toEqual([
      ['GET', 'sent'],
      ['GET', 'delivered'],
      ['GET', 'read'],
    ]);
  });

  it('takes a 50 MB resumable upload with its progress bar, gives an id, and calls back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-big-'));
    const path = join(dir, 'catalogue.pdf');
    const bytes = Buffer.alloc(50_000_000, 0x20);
    bytes.write('%PDF-1.4\n');
    writeFileSync(path, bytes);
    try {
      const run = await runCli(
        [
          'upload',
          path,
          '--waba-id',
          '150441234142241',
          '--base-url',
          mockUrl,
          '--sid',
          SID,
          '--api-key',
          'test-key',
        ],
        {},
        { tty: true },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('100%');
      // The bar's last frame: every file byte sent (then the wait for the answer).
      expect(run.stderr).toMatch(/100% 50\.0 MB (\/ 50\.0 MB|sent)/);
      const id = /resumable media id (\S+),/.exec(run.stdout)?.[1];
      expect(id).toMatch(/^\d+$/);
      await app.waitFor(`upload ${id} is uploaded`, { timeoutMs: 20_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a file name the document forbids, as the API does', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'my file.pdf');
    form.append('type', 'application/pdf');
    const response = await fetch(`${mockUrl}/v2/${SID}/whatsapp/150441234142241/resumable_media`, {
      method: 'POST',
      headers: { 'api-key': 'k' },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: expect.stringMatching(/^WA-?400$/) });
  });

  it('says the port is in use in one line and exits 1, before starting Prism', async () => {
    const busy = start(['src/cli/bin.ts', 'mock', '--port', String(mockPort)]);
    const prisms = new Set<number>();
    while (busy.child.exitCode === null) {
      for (const pid of childrenOf(busy.child.pid!)) prisms.add(pid);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await busy.exited).toBe(1);
    expect(busy.output()).toBe(`error: port ${mockPort} on 127.0.0.1 is in use\n`);
    expect([...prisms]).toEqual([]);
  }, 30_000);
});

describe('kaleyra-wa mock --fail, and closing the terminal', () => {
  let receiver: RecordingServer;
  let mock: TestProcess;
  let mockUrl: string;

  beforeAll(async () => {
    receiver = await startRecordingServer();
    const port = await freePort();
    mockUrl = `http://127.0.0.1:${port}`;
    mock = start([
      'src/cli/bin.ts',
      'mock',
      '--port',
      String(port),
      '--callback-url',
      `${receiver.url}/cb`,
      '--delay',
      '20',
      '--fail',
      'WA429,131026',
    ]);
    await mock.waitFor('mock Kaleyra listening on');
  }, 90_000);
  afterAll(async () => {
    mock?.child.kill('SIGTERM');
    await receiver?.close();
  });

  it('answers a 429 the SDK retries, then a failed status with the Meta code', async () => {
    const sent = await client(mockUrl).v2Messages.sendText({ to: '+919812345678', body: 'Hi' });
    await mock.waitFor(`status failed for ${sent.data.message_id}`, { timeoutMs: 20_000 });
    const logged = mock
      .output()
      .split('\n')
      .filter((line) => line.startsWith('POST /v2/'));
    expect(logged.map((line) => line.split(' -> ')[1])).toEqual(['429', '202']);
    const callback = receiver.requests.at(-1)!.json;
    expect(at(callback, 'status')).toBe('failed');
    expect(at(callback, 'message_id')).toBe(sent.data.message_id);
    expect(at(callback, 'meta_object', 'value', 'statuses', 0, 'errors', 0, 'code')).toBe(131026);
  });

  it('stops Prism when the terminal closes (SIGHUP)', async () => {
    const prisms = childrenOf(mock.child.pid!).filter((pid) =>
      /prism/.test(execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' })),
    );
    expect(prisms).toHaveLength(1);
    mock.child.kill('SIGHUP');
    expect(await mock.exited).toBe(0);
    expect(alive(prisms[0]!)).toBe(false);
    await expect(fetch(`${mockUrl}/`)).rejects.toThrow();
  }, 30_000);

  it('refuses an undocumented --fail code with exit 2 before starting anything', async () => {
    const run = await runCli(['mock', '--fail', 'WA999']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^error: --fail: "WA999" is not a documented error code/);
  });
});
