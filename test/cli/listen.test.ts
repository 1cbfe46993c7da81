import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_EVENTS } from '../../src/testing/index.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { runCli } from './run-cli.js';

const startCli = (args: string[]): TestProcess => startProcess(['src/cli/bin.ts', ...args]);

describe('kaleyra-wa listen', () => {
  let app: RecordingServer;
  let listen: TestProcess;
  let base: string;

  beforeAll(async () => {
    app = await startRecordingServer();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    listen = startCli(['listen', '--port', String(port), '--forward', `${app.url}/kaleyra/secret`]);
    await listen.waitFor('listening for Kaleyra callbacks');
  }, 30_000);
  afterAll(async () => {
    listen?.child.kill('SIGTERM');
    await app?.close();
  });

  it('prints one line per triggered event and forwards each', async () => {
    const before = app.requests.length;
    for (const event of CALLBACK_EVENTS) {
      const run = await runCli([
        'trigger',
        event.name,
        '--url',
        `${base}/hook`,
        '--message-id',
        'A1B2C3D4E5F6',
      ]);
      expect(run.code, run.stderr).toBe(0);
    }
    await listen.waitFor(' -> forwarded: HTTP 202', { count: CALLBACK_EVENTS.length });
    const lines = listen
      .output()
      .split('\n')
      .filter((line) => line.includes(' /hook '));
    expect(lines).toHaveLength(CALLBACK_EVENTS.length);
    expect(lines).toContain(
      'POST /hook status delivered (v2) message A1B2C3D4E5F6 to 919407123456 -> forwarded: HTTP 202',
    );
    expect(lines).toContain('GET /hook status delivered (v1) message A1B2C3D4E5F6 -> forwarded: HTTP 202');
    expect(lines).toContain(
      'POST /hook status failed (v2) message A1B2C3D4E5F6 to 919407123456 error 131047 -> forwarded: HTTP 202',
    );
    expect(lines).toContain('GET /hook quality 16505551111 FLAGGED TIER_10K -> forwarded: HTTP 202');
    for (const type of [
      'text',
      'image',
      'document',
      'audio',
      'video',
      'sticker',
      'location',
      'contacts',
      'button',
      'list_reply',
      'reaction',
    ]) {
      expect(lines.some((line) => line.startsWith(`POST /hook incoming ${type} from `))).toBe(true);
    }
    expect(app.requests.length - before).toBe(CALLBACK_EVENTS.length);
  });

  it('forwards the same bytes, method, content type and query', async () => {
    const before = app.requests.length;
    const body =
      '{"status":"UPLOADED","resumable_media_id":"639", "file_name":"é.png","waba_id":"150441234142241"}';
    await fetch(`${base}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Basic a2FsZXlyYTpz' },
      body,
    });
    await fetch(`${base}/hook?status=%22UPLOADED%22&resumable_media_id=%22640%22`);
    await listen.waitFor('upload 640 uploaded');
    const [post, get] = app.requests.slice(before);
    expect(post!.method).toBe('POST');
    expect(Buffer.from(post!.body).equals(Buffer.from(body))).toBe(true);
    expect(post!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(post!.headers.authorization).toBe('Basic a2FsZXlyYTpz');
    expect(post!.path).toBe('/kaleyra/secret');
    expect(get!.method).toBe('GET');
    expect(get!.path).toBe('/kaleyra/secret?status=%22UPLOADED%22&resumable_media_id=%22640%22');
  });

  it('prints the typed rejection of a malformed callback and answers 400', async () => {
    const response = await fetch(`${base}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"status": ',
    });
    expect(response.status).toBe(400);
    await listen.waitFor('POST /hook rejected invalid-json: The request body is not valid JSON.');
  });

  it('prints JSON lines with --json', async () => {
    const port = await freePort();
    const json = startCli(['listen', '--port', String(port), '--json']);
    try {
      await json.waitFor('"listening"');
      expect(
        (await runCli(['trigger', 'status.read', '--url', `http://127.0.0.1:${port}/`, '--message-id', 'X1']))
          .code,
      ).toBe(0);
      await json.waitFor('"kind":"status"');
      const line = json
        .output()
        .split('\n')
        .find((l) => l.includes('"kind":"status"'))!;
      expect(JSON.parse(line)).toMatchObject({
        method: 'POST',
        path: '/',
        event: { kind: 'status', status: 'read', messageId: 'X1' },
      });
    } finally {
      json.child.kill('SIGTERM');
    }
    expect(await json.exited).toBe(0);
  });

  it('says in one line that the port is in use, exit 1, and does not keep running', async () => {
    const holder: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    const { port } = holder.address() as { port: number };
    try {
      const busy = startCli(['listen', '--port', String(port)]);
      expect(await busy.exited).toBe(1);
      expect(busy.output()).toBe(`error: port ${port} on 127.0.0.1 is in use\n`);
    } finally {
      holder.close();
    }
  });

  it('refuses a bad --port or --forward with exit 2', async () => {
    expect(await runCli(['listen', '--port', 'eighty'])).toMatchObject({ code: 2 });
    const run = await runCli(['listen', '--forward', 'ftp://x']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'error: --forward must be an http(s) URL, e.g. http://127.0.0.1:3000/kaleyra',
    );
  });
});
