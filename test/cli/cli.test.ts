import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEND_KINDS } from '../../src/cli/send-kinds.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { runCli } from './run-cli.js';

const KEY = 'SECRET-CLI-KEY-42';
let server: RecordingServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startRecordingServer();
  env = { KALEYRA_SID: 'HXAP16XXXXXX97IN', KALEYRA_API_KEY: KEY, KALEYRA_BASE_URL: server.url, KALEYRA_FROM: '+919876543210' };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('help', () => {
  it('lists every command and every kind', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['send', 'upload', 'mock', 'demo']) expect(stdout).toContain(`kaleyra-wa ${command}`);
    for (const kind of SEND_KINDS) expect(stdout).toMatch(new RegExp(`\\b${kind.name}\\b`));
  });

  it.each([['send'], ['upload'], ['mock'], ['demo'], ...SEND_KINDS.map((k) => ['send', k.name, ...(k.api === 'v1' ? ['--api', 'v1'] : [])])])(
    '%s %s has help with an example',
    async (...argv) => {
      const { code, stdout } = await runCli([...argv.filter(Boolean), '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: kaleyra-wa/);
      expect(stdout).toMatch(/Example:\n\s+kaleyra-wa /);
    },
  );
});

describe('exit codes', () => {
  it('0 and the message id on success', async () => {
    server.respondWith({ status: 202, body: { code: 'WA202', message: 'Request Accepted', data: { message_id: 'wamid.OK' }, error: {} } });
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi'], env);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('wamid.OK');
    expect(server.requests[0]!.json).toMatchObject({ messaging_object: { type: 'text', text: { body: 'hi' } } });
  });

  it('1 with the code and message when the API refuses', async () => {
    server.respondWith({ status: 401, body: { code: 'WA-401', message: 'API is not available for given customer.', data: {}, error: { account: 'x' } } });
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('WA-401');
    expect(run.stderr).toContain('API is not available for given customer.');
  });

  it('2 with the field and rule on a validation error, and nothing is sent', async () => {
    const run = await runCli(['send', 'image', '--to', '12', '--link', 'https://example.com/a.png'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid to \(e164\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('2 on usage errors: unknown command, unknown flag, missing credentials', async () => {
    expect((await runCli(['launch'], env)).code).toBe(2);
    const flag = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'x', '--colour', 'red'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/colour/);
    const missing = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'x'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/KALEYRA_SID/);
    expect(server.requests).toHaveLength(0);
  });

  it('--json prints machine-readable results and errors', async () => {
    server.respondWith({ status: 400, body: { code: 'E110', message: 'low balance', data: {}, error: { balance: 'low' } } });
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi', '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: 'api', status: 400, code: 'E110', fieldErrors: { balance: 'low' } });
  });
});

describe('--dry-run', () => {
  it('prints the curl with the key masked and sends nothing', async () => {
    const run = await runCli(['send', 'video', '--to', '+919812345678', '--media-id', '1166846181421424', '--caption', "it's here", '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.stdout).not.toContain(KEY);
    expect(run.stdout).toContain('-H "api-key: $KALEYRA_API_KEY"');
    expect(run.stdout).toContain(`curl -X POST ${server.url}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`);
    const body = /-d '(.*)'$/s.exec(run.stdout.trim())![1]!.replaceAll(`'\\''`, "'");
    expect(JSON.parse(body).messaging_object.video).toEqual({ id: '1166846181421424', caption: "it's here" });
  });

  it('shows an upload as -F parts naming the file on disk, without reading it into the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'brochure.pdf');
    writeFileSync(path, withBody(MAGIC.pdf, 50_000));
    const run = await runCli(['upload', path, '--waba-id', '150441234142241', '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.stdout).toContain(`-F 'file=@${path};type=application/pdf'`);
    expect(run.stdout).toContain('-F type=application/pdf');
    expect(run.stdout).not.toContain('%PDF');
    expect(run.stdout).not.toContain(KEY);
  });
});

describe('upload', () => {
  it('streams the file and reports progress as plain lines off a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'photo.png');
    const bytes = withBody(MAGIC.png, 3_000_000);
    writeFileSync(path, bytes);
    server.respondWith({ status: 202, body: { code: 'WA202', message: 'ok', data: { id: '639', status: 'PENDING' }, error: {} } });
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resumable media id 639');
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^photo\.png 100% \((\d+) of \1 bytes\)$/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(Buffer.from(server.requests[0]!.parts![0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('draws a bar on a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'photo.png');
    writeFileSync(path, withBody(MAGIC.png, 200_000));
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env, { tty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\rphoto\.png \[#{30}\] 100%/);
  });

  it('refuses a file the API would refuse, before sending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'my photo.png');
    writeFileSync(path, withBody(MAGIC.png));
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid file \(file-name\)/);
    expect(server.requests).toHaveLength(0);
  });
});
