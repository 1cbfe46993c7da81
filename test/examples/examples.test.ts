import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// Each program in examples/ runs as a user would run it (tsx, the package imported by name, settings
// from the environment) against the mock, which refuses any request the API would refuse. The
// broadcast also runs against a local server that answers 429, to see it pause and re-queue.
const root = fileURLToPath(new URL('../../', import.meta.url));
const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-examples-'));
let prism: PrismServer;
let limiter: RecordingServer;

const env = (baseUrl: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  KALEYRA_BASE_URL: baseUrl,
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'example-key',
  KALEYRA_FROM: '+919876543210',
  ...extra,
});

async function run(example: string, args: string[], baseUrl: string, extra: Record<string, string> = {}) {
  return exec(process.execPath, ['--import=tsx', `examples/${example}`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: env(baseUrl, extra),
    timeout: 90_000,
  });
}

beforeAll(async () => {
  [prism, limiter] = await Promise.all([startPrism({ startTimeoutMs: 90_000 }), startRecordingServer()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([prism?.close(), limiter?.close()]);
});

describe('examples/', () => {
  it('each program in examples/ has a test here (the callback servers in callback-server.test.ts and frameworks.test.ts)', () => {
    const programs = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.ts'));
    const tested = [
      'otp-authentication-template.ts',
      'order-update-buttons.ts',
      'broadcast.ts',
      'upload-then-send.ts',
      'callback-server.ts',
      // test/examples/frameworks.test.ts (next-app/ in next-app.test.ts):
      'express-callbacks.ts',
      'fastify-callbacks.ts',
      'hono-callbacks.ts',
    ];
    expect(programs.sort()).toEqual(tested.sort());
  });

  it('otp-authentication-template.ts sends the code and does not print it', async () => {
    const { stdout } = await run('otp-authentication-template.ts', ['+919812345678'], prism.url);
    expect(stdout).toMatch(/^OTP sent to \+919812345678: message \S+/m);
    expect(stdout).not.toMatch(/\b\d{6}\b/);
  }, 120_000);

  it('otp-authentication-template.ts refuses a number without a country code, sending nothing', async () => {
    limiter.requests.length = 0;
    const failure = await run('otp-authentication-template.ts', ['98123'], limiter.url).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/not sent, to:/);
    expect(limiter.requests).toEqual([]);
  }, 120_000);

  it('order-update-buttons.ts sends the template with its buttons', async () => {
    const { stdout } = await run('order-update-buttons.ts', ['+919812345678', 'ORDER-42', 'Jane'], prism.url);
    expect(stdout).toMatch(/^order ORDER-42: update sent to \+919812345678 as message \S+/m);
  }, 120_000);

  it('order-update-buttons.ts puts the order in the body, the URL button and the quick reply (wire)', async () => {
    limiter.requests.length = 0;
    await run('order-update-buttons.ts', ['+919812345678', 'ORDER-42', 'Jane'], limiter.url);
    const template = (
      limiter.requests[0]!.json as { messaging_object: { template: { components: unknown[] } } }
    ).messaging_object.template;
    expect(template.components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'customer', text: 'Jane' },
          { type: 'text', parameter_name: 'order_id', text: 'ORDER-42' },
        ],
      },
      {
        type: 'button',
        sub_type: 'url',
        index: '0',
        parameters: [{ type: 'text', text: 'orders/ORDER-42' }],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '1',
        parameters: [{ type: 'payload', payload: 'support:ORDER-42' }],
      },
    ]);
  }, 120_000);

  it('upload-then-send.ts uploads once and sends by media id to each recipient', async () => {
    const pdf = join(dir, 'brochure.pdf');
    writeFileSync(pdf, withBody(MAGIC.pdf, 4096));
    const { stdout } = await run('upload-then-send.ts', [pdf, '+919812345678', '+919812345679'], prism.url);
    expect(stdout).toMatch(/^uploaded brochure\.pdf \(application\/pdf, \d+ bytes\) as media \S+/m);
    expect(stdout.match(/^sent to \+9198123456(78|79): message \S+/gm)).toHaveLength(2);
  }, 120_000);

  it('broadcast.ts sends to every number of the list through the mock', async () => {
    const list = join(dir, 'recipients.txt');
    writeFileSync(
      list,
      '# customers who opted in\n+919812345601\n+919812345602\n+919812345603\n+919812345602\n',
    );
    const { stdout } = await run('broadcast.ts', [list], prism.url, { BROADCAST_CONCURRENCY: '2' });
    expect(stdout).toContain(
      'broadcast done: 3 numbers, 3 sent, 0 refused, 0 failed, 0 rate-limited attempts',
    );
  }, 120_000);

  it('broadcast.ts pauses on a 429 that outlasts the client retries, re-queues the number, and sends each once', async () => {
    const list = join(dir, 'three.txt');
    writeFileSync(list, '+919812345601\n+919812345602\n+919812345603\n');
    limiter.requests.length = 0;
    const tooMany = {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { code: 'WA429', message: 'Too many requests', data: {}, error: { error: 'slow down' } },
    };
    limiter.respondWith(tooMany, tooMany, tooMany); // the client's own retries (maxRetries: 2) all get 429 too
    const { stdout } = await run('broadcast.ts', [list], limiter.url, { BROADCAST_CONCURRENCY: '1' });
    expect(stdout).toContain('+919812345601: rate limited, all workers pause 0 ms, then it is sent again');
    expect(stdout).toContain(
      'broadcast done: 3 numbers, 3 sent, 0 refused, 0 failed, 1 rate-limited attempts',
    );
    const recipients = limiter.requests.map(
      (r) => (r.json as { messaging_object: { to: string } }).messaging_object.to,
    );
    expect(recipients).toEqual([
      '+919812345601',
      '+919812345601',
      '+919812345601',
      '+919812345602',
      '+919812345603',
      '+919812345601',
    ]);
  }, 120_000);
});
