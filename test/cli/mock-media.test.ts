import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient, type IncomingCallbackEvent } from '../../src/index.js';
import { createNodeCallbackHandler, downloadMediaToFile } from '../../src/node/index.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';
import { runCli } from './run-cli.js';

// The loop a developer runs on a laptop: `kaleyra-wa mock` running, `kaleyra-wa trigger` firing an
// incoming media event at their receiver with --media-base-url pointing at the mock, and the
// handler downloading the file with the SDK pointed at the mock.
describe('kaleyra-wa mock serves the media of the incoming events trigger sends', () => {
  let mock: TestProcess;
  let mockUrl: string;
  let receiver: Server;
  let receiverUrl: string;
  let dir: string;
  const events: IncomingCallbackEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-media-'));
    const port = await freePort();
    mockUrl = `http://127.0.0.1:${port}`;
    mock = startProcess(['src/cli/bin.ts', 'mock', '--port', String(port)]);
    receiver = createServer(
      createNodeCallbackHandler((event) => {
        if (event.kind === 'incoming') events.push(event);
      }),
    );
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kaleyra`;
    await mock.waitFor(`incoming media samples at ${mockUrl}/media`);
  }, 90_000);
  afterAll(async () => {
    mock?.child.kill('SIGTERM');
    await mock?.exited;
    await new Promise((resolve) => receiver?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  for (const type of ['image', 'document', 'audio', 'video', 'sticker'] as const) {
    it(`trigger incoming.${type} --media-base-url: the handler downloads the file from the mock`, async () => {
      const run = await runCli([
        'trigger',
        `incoming.${type}`,
        '--url',
        receiverUrl,
        '--media-base-url',
        `${mockUrl}/media`,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const event = events.at(-1)!;
      const message = event.message;
      if (message.type !== type) throw new Error(`got ${message.type}`);
      expect(message.mediaUrl).toMatch(new RegExp(`^${mockUrl}/media/`));

      const client = createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: 'test-key', baseUrl: mockUrl });
      const path = join(dir, `${type}.bin`);
      const file = await downloadMediaToFile(client, message, path);
      const bytes = await readFile(path);
      expect(file.size).toBe(bytes.length);
      expect(bytes.length).toBeGreaterThan(0);
      expect(createHash('sha256').update(bytes).digest('base64')).toBe(message.sha256);
      expect(file.mimeType).toBe(message.mimeType);
    });
  }

  it('without --media-base-url the event keeps the document example (nothing serves it)', async () => {
    const run = await runCli(['trigger', 'incoming.image', '--url', receiverUrl]);
    expect(run.code).toBe(0);
    const message = events.at(-1)!.message;
    expect(message.type === 'image' && message.mediaUrl).toBe('https://example.com/images/product123.jpg');
  });

  it('refuses a --media-base-url that is not an http(s) URL, sending nothing', async () => {
    const before = events.length;
    const run = await runCli([
      'trigger',
      'incoming.image',
      '--url',
      receiverUrl,
      '--media-base-url',
      'ftp://x',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--media-base-url must be an http\(s\) URL/);
    expect(events.length).toBe(before);
  });
});
