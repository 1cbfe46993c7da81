import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getGlobalDispatcher, ProxyAgent, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKaleyraClient, type KaleyraClient } from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// The README's proxy recipe on the wire: a fetch built on undici's ProxyAgent, passed as the
// client's `fetch`, through a CONNECT proxy written here (node:http's 'connect' event) to a local
// Kaleyra stand-in. The proxy sees the CONNECT and counts the bytes it tunnels; over HTTPS the
// tunnel would carry only ciphertext, the key included.
const SID = 'HXAP16XXXXXX97IN';
const KEY = 'proxy-test-key-0123456789';
let target: RecordingServer;
let proxy: Server;
let proxyUrl: string;
const connects: string[] = [];
let tunnelled = 0;

beforeAll(async () => {
  target = await startRecordingServer();
  proxy = createServer((_req, res) => {
    // A plain (non-CONNECT) proxy request: the recipe must never send one.
    res.writeHead(405).end();
  });
  proxy.on('connect', (req, client, head) => {
    connects.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (chunk: Buffer) => (tunnelled += chunk.length));
      client.pipe(upstream).pipe(client);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await target.close();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});
beforeEach(() => {
  connects.length = 0;
  tunnelled = 0;
  target.requests.length = 0;
});

function proxiedClient(): KaleyraClient {
  // The recipe, as the README gives it.
  const dispatcher = new ProxyAgent(proxyUrl);
  return createKaleyraClient({
    sid: SID,
    apiKey: KEY,
    baseUrl: target.url,
    from: '+919876543210',
    // Node's own fetch takes undici's `dispatcher`; Object.assign keeps RequestInit's type.
    fetch: (input, init) => fetch(input, Object.assign({ dispatcher }, init)),
  });
}

describe('a fetch built on undici ProxyAgent', () => {
  it('carries a JSON send through the proxy, as a CONNECT to the API host', async () => {
    const sent = await proxiedClient().v2Messages.sendText({ to: '+919812345678', body: 'Hi via proxy' });
    expect(sent.data).toBeDefined();
    expect(connects).toEqual([new URL(target.url).host]);
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]!.text).toContain('"body":"Hi via proxy"');
    expect(target.requests[0]!.headers['api-key']).toBe(KEY);
    expect(tunnelled).toBeGreaterThan(target.requests[0]!.body.byteLength);
  });

  it('carries a streamed upload through the tunnel, every byte of it', async () => {
    const bytes = withBody(MAGIC.pdf, 3 * 1024 * 1024);
    const size = bytes.byteLength;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        const chunk = bytes.subarray(offset, offset + 64 * 1024);
        offset += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    let progress = 0;
    await proxiedClient().media.uploadResumable({
      wabaId: '150441234142241',
      file: { stream, name: 'brochure.pdf', size },
      onProgress: (sent) => (progress = sent),
    });
    expect(connects).toEqual([new URL(target.url).host]);
    const request = target.requests[0]!;
    expect(request.contentLengthMatched).toBe(true);
    const file = request.parts!.find((part) => part.filename === 'brochure.pdf')!;
    expect(file.bytes.byteLength).toBe(size);
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(tunnelled).toBeGreaterThan(size);
    expect(progress).toBeGreaterThanOrEqual(size); // the whole multipart body, the file inside it
  });
});

// Node 20's fetch ignores HTTPS_PROXY. Rather than let requests go direct without a word, the
// client says so once, naming the variable and never its value (it may hold a password).
describe("HTTPS_PROXY with Node's own fetch", () => {
  const PROXY_VALUE = 'http://user:proxy-password-123@proxy.example:8080';
  const saved = { ...process.env };
  beforeEach(() => {
    vi.resetModules();
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NODE_USE_ENV_PROXY'])
      delete process.env[name];
  });
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  async function clientsMade(count: number, options: { fetch?: typeof fetch } = {}) {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { createKaleyraClient: create } = await import('../../src/client/create-client.js');
    for (let i = 0; i < count; i++) create({ sid: SID, apiKey: KEY, baseUrl: target.url, ...options });
    return warn.mock.calls.map((args) => args.join(' '));
  }

  it('warns once per process, naming the variable but not its value', async () => {
    process.env.HTTPS_PROXY = PROXY_VALUE;
    const warnings = await clientsMade(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("HTTPS_PROXY is set, but Node's fetch does not use it");
    expect(warnings[0]).not.toContain('proxy-password-123');
  });

  it('says nothing when a fetch is passed, or when no proxy variable is set', async () => {
    process.env.HTTPS_PROXY = PROXY_VALUE;
    expect(await clientsMade(1, { fetch: (input, init) => fetch(input, init) })).toEqual([]);
    vi.resetModules();
    delete process.env.HTTPS_PROXY;
    expect(await clientsMade(1)).toEqual([]);
  });

  it('says nothing once the global dispatcher is a proxy (undici setGlobalDispatcher)', async () => {
    process.env.http_proxy = PROXY_VALUE;
    const original = getGlobalDispatcher();
    setGlobalDispatcher(new ProxyAgent(proxyUrl));
    try {
      expect(await clientsMade(1)).toEqual([]);
    } finally {
      setGlobalDispatcher(original);
    }
  });
});
