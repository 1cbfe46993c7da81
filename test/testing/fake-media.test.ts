import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient, type IncomingCallbackEvent } from '../../src/index.js';
import { createNodeCallbackHandler, downloadMediaToFile } from '../../src/node/index.js';
import { sniffSignature } from '../../src/files/mime-sniff.js';
import { startFakeKaleyra, type FakeKaleyra } from '../../src/testing/index.js';

// The whole loop on a laptop, as a user's test runs it: the fake fires an incoming media callback at
// the user's receiver (a real node:http server), the handler downloads what the event points at with
// the SDK, and the bytes are the file the event describes.
describe('kaleyra-whatsapp/testing: incoming media the fake serves', () => {
  let fake: FakeKaleyra;
  let receiver: Server;
  let dir: string;
  const events: IncomingCallbackEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fake-media-'));
    receiver = createServer(
      createNodeCallbackHandler((event) => {
        if (event.kind === 'incoming') events.push(event);
      }),
    );
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    fake = await startFakeKaleyra({ callbacks: `http://127.0.0.1:${port}/kaleyra` });
  });
  afterAll(async () => {
    await fake.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const client = () =>
    createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: 'test-key', baseUrl: fake.baseUrl });

  const received = async (type: string) => {
    for (let i = 0; i < 100 && !events.some((e) => e.message.type === type); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return events.find((e) => e.message.type === type)!;
  };

  for (const type of ['image', 'document', 'audio', 'video', 'sticker'] as const) {
    it(`incoming.${type}: the handler downloads the file, which hashes to the event's sha256`, async () => {
      expect(await fake.trigger(`incoming.${type}`)).toBe(200);
      const event = await received(type);
      const message = event.message;
      if (message.type !== type) throw new Error(`got ${message.type}`);
      expect(message.mediaUrl).toMatch(new RegExp(`^${fake.mediaBaseUrl}/`));
      expect(message.sha256).toBeDefined();
      expect(message.mimeType).toBeDefined();

      const path = join(dir, `${type}.bin`);
      const file = await downloadMediaToFile(client(), message, path);
      const bytes = await readFile(path);
      expect(file.size).toBe(bytes.length);
      expect(bytes.length).toBeGreaterThan(0);
      expect(createHash('sha256').update(bytes).digest('base64')).toBe(message.sha256);
      const signature = sniffSignature(bytes);
      expect(signature?.consistentWith).toContain(message.mimeType!.split(';')[0]);
      if (type === 'document') expect(message.fileName).toBe(message.mediaUrl!.split('/').pop());
    });
  }

  it('serves the samples outside the recorded operations, and 404s an unknown one', async () => {
    const before = fake.requests.length;
    const missing = await fetch(`${fake.mediaBaseUrl}/nothing-here.png`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
    const image = await fetch(`${fake.mediaBaseUrl}/sample-image.png`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Number(image.headers.get('content-length'))).toBe((await image.arrayBuffer()).byteLength);
    expect(fake.requests.length).toBe(before);
  });

  it('a download the event does not match fails its check (sha256 of another file)', async () => {
    expect(await fake.trigger('incoming.image')).toBe(200);
    const event = await received('image');
    if (event.message.type !== 'image') throw new Error('not an image');
    const other = { ...event.message, sha256: createHash('sha256').update('x').digest('base64') };
    await expect(downloadMediaToFile(client(), other, join(dir, 'bad.png'))).rejects.toThrow(/sha-?256/i);
  });
});
