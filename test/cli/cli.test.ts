import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/output.js';
import { SEND_KINDS } from '../../src/cli/send-kinds.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { defaultResponse, startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { runBin, runCli } from './run-cli.js';
import { Redactor } from '../../src/redaction/redactor.js';

const KEY = 'SECRET-CLI-KEY-42';
let server: RecordingServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startRecordingServer();
  env = {
    KALEYRA_SID: 'HXAP16XXXXXX97IN',
    KALEYRA_API_KEY: KEY,
    KALEYRA_BASE_URL: server.url,
    KALEYRA_FROM: '+919876543210',
  };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('help', () => {
  it('lists every command and every kind', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['send', 'upload', 'mock', 'demo'])
      expect(stdout).toContain(`kaleyra-wa ${command}`);
    for (const kind of SEND_KINDS) expect(stdout).toMatch(new RegExp(`\\b${kind.name}\\b`));
  });

  it.each([
    ['send'],
    ['upload'],
    ['mock'],
    ['demo'],
    ...SEND_KINDS.map((k) => ['send', k.name, ...(k.api === 'v1' ? ['--api', 'v1'] : [])]),
  ])('%s %s has help with an example', async (...argv) => {
    const { code, stdout } = await runCli([...argv.filter(Boolean), '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: kaleyra-wa/);
    expect(stdout).toMatch(/Example:\n\s+kaleyra-wa /);
  });
});

describe('exit codes', () => {
  it('0 and the message id on success', async () => {
    server.respondWith({
      status: 202,
      body: { code: 'WA202', message: 'Request Accepted', data: { message_id: 'wamid.OK' }, error: {} },
    });
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi'], env);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('wamid.OK');
    expect(server.requests[0]!.json).toMatchObject({
      messaging_object: { type: 'text', text: { body: 'hi' } },
    });
  });

  it('1 with the code and message when the API refuses', async () => {
    server.respondWith({
      status: 401,
      body: {
        code: 'WA-401',
        message: 'API is not available for given customer.',
        data: {},
        error: { account: 'x' },
      },
    });
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
    const flag = await runCli(
      ['send', 'text', '--to', '+919812345678', '--body', 'x', '--colour', 'red'],
      env,
    );
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/colour/);
    const missing = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'x'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/KALEYRA_SID/);
    expect(server.requests).toHaveLength(0);
  });

  it('--json prints machine-readable results and errors', async () => {
    server.respondWith({
      status: 400,
      body: { code: 'E110', message: 'low balance', data: {}, error: { balance: 'low' } },
    });
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi', '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: 'api',
      status: 400,
      code: 'E110',
      fieldErrors: { balance: 'low' },
    });
  });
});

describe('--dry-run', () => {
  it('prints the curl with the key masked and sends nothing', async () => {
    const run = await runCli(
      [
        'send',
        'video',
        '--to',
        '+919812345678',
        '--media-id',
        '1166846181421424',
        '--caption',
        "it's here",
        '--dry-run',
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.stdout).not.toContain(KEY);
    expect(run.stdout).toContain('-H "api-key: $KALEYRA_API_KEY"');
    expect(run.stdout).toContain(
      `curl -X POST ${server.url}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`,
    );
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

  it('an upload under --name tells curl the name to send', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'brochure.pdf');
    writeFileSync(path, withBody(MAGIC.pdf, 1_000));
    const run = await runCli(
      ['upload', path, '--waba-id', '150441234142241', '--name', 'offer.pdf', '--dry-run'],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`-F 'file=@${path};type=application/pdf;filename=offer.pdf'`);
  });
});

describe('upload', () => {
  it('streams the file and reports progress in file bytes as plain lines off a terminal, then waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'photo.png');
    const bytes = withBody(MAGIC.png, 3_000_000);
    writeFileSync(path, bytes);
    server.respondWith({
      status: 202,
      body: { code: 'WA202', message: 'ok', data: { id: '639', status: 'PENDING' }, error: {} },
    });
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`uploaded photo.png (${bytes.byteLength} bytes): resumable media id 639`);
    const lines = run.stderr.trim().split('\n');
    // One unit throughout: every figure is out of the file's size, never the multipart body's.
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^photo\\.png \\d+% \\(\\d+ of ${bytes.byteLength} bytes\\)`));
    expect(lines.at(-1)).toBe(
      `photo.png 100% (${bytes.byteLength} of ${bytes.byteLength} bytes) sent, awaiting the answer`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(Buffer.from(server.requests[0]!.parts![0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('draws a bar on a terminal and shows the wait for the answer once the body is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'photo.png');
    writeFileSync(path, withBody(MAGIC.png, 200_000));
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env, {
      tty: true,
      columns: 120,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\rphoto\.png \[#{30}\] 100% 0\.2 MB sent, awaiting the answer/);
  });

  it.each([[40], [24], [80]])('keeps every redraw within a %i-column terminal', async (columns) => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'a-rather-long-file-name-for-the-brochure.pdf');
    writeFileSync(path, withBody(MAGIC.pdf, 2_000_000));
    const run = await runCli(['upload', path, '--waba-id', '150441234142241'], env, { tty: true, columns });
    expect(run.code).toBe(0);
    const draws = run.stderr
      .split('\r')
      .filter(Boolean)
      .map((draw) => draw.replace('\x1b[K', '').replace(/\n$/, ''));
    expect(draws.length).toBeGreaterThan(1);
    for (const draw of draws) expect(draw.length).toBeLessThan(columns);
    expect(draws.at(-1)).toContain('100%');
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

  it('--name sends the file under another name, checked by the file-name rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-cli-'));
    const path = join(dir, 'my photo.png');
    writeFileSync(path, withBody(MAGIC.png));
    const renamed = await runCli(['upload', path, '--waba-id', '150441234142241', '--name', 'logo.png'], env);
    expect(renamed.code).toBe(0);
    expect(server.requests[0]!.parts![0]!.filename).toBe('logo.png');

    server.requests.length = 0;
    const bad = await runCli(
      ['upload', join(dir, 'my photo.png'), '--waba-id', '150441234142241', '--name', 'a@b.png'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid file \(file-name\)/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the real bin', () => {
  it('prints the package version', async () => {
    const run = await runBin(['--version']);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(run).toEqual({ code: 0, stdout: `kaleyra-wa ${version}\n`, stderr: '' });
  }, 30_000);

  it.each([
    ['upload', (path: string) => ['upload', path, '--waba-id', '150441234142241']],
    [
      'send media --api v1',
      (path: string) => ['send', 'media', '--api', 'v1', '--to', '+919812345678', '--file', path],
    ],
  ])(
    '%s: a missing file exits 2 with one line and no stack trace',
    async (_, argv) => {
      const missing = join(tmpdir(), 'kaleyra-cli-no-such-dir', 'brochure.pdf');
      const run = await runBin(argv(missing), env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`error: cannot read ${JSON.stringify(missing)}: no such file\n`);
      expect(server.requests).toHaveLength(0);
    },
    30_000,
  );

  it.each([
    ['a control character', 'abcd\u0001efgh1234', 'visible-ascii', /control character at position 5/],
    ['a line break inside', 'abcd\nefgh1234', 'visible-ascii', /control character at position 5/],
    ['surrounding spaces', ' abcdefgh1234 ', 'surrounding-spaces', /starts or ends with a space/],
    ['a space inside', 'abcd efgh1234', 'visible-ascii', /a space at position 5/],
    ['too short', 'abc123', 'min-length', /6 characters long/],
    ['non-ASCII', 'abcdéfgh1234', 'visible-ascii', /non-ASCII/],
  ])(
    'a key with %s exits 2 with one line that does not quote it',
    async (_, key, rule, detail) => {
      const run = await runBin(['send', 'text', '--to', '+919812345678', '--body', 'hi'], {
        ...env,
        KALEYRA_API_KEY: key,
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`invalid apiKey (${rule}): (from KALEYRA_API_KEY)`);
      expect(run.stderr).toMatch(detail);
      expect(run.stderr).not.toContain(key.trim());
      expect(run.stderr).not.toContain('efgh1234');
      expect(server.requests).toHaveLength(0);
    },
    30_000,
  );
});

describe('keys the real bin cannot be given', () => {
  it('a NUL in the key (possible only in-process: argv and env cannot carry one) is refused without quoting it', async () => {
    const run = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi'], {
      ...env,
      KALEYRA_API_KEY: 'abcd\u0000efgh1234',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: invalid apiKey (visible-ascii): (from KALEYRA_API_KEY) contains a control character at position 5: a key is visible ASCII characters only\n',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('--api-key is named as the source when the flag gave the key', async () => {
    const run = await runCli(
      ['send', 'text', '--to', '+919812345678', '--body', 'hi', '--api-key', 'Zq7x1'],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid apiKey \(min-length\): \(from --api-key\) is 5 characters long/);
    expect(run.stderr).not.toContain('Zq7x1');
  });
});

describe('sends', () => {
  const accepted = {
    status: 202,
    body: { code: 'WA202', message: 'ok', data: { message_id: 'wamid.OK' }, error: {} },
  };

  it('refuses a number without its country code (the + form is required), and sends nothing', async () => {
    for (const argv of [
      ['send', 'text', '--to', '9812345678', '--body', 'hi'],
      ['send', 'text', '--api', 'v1', '--to', '+919812345678,9812345679', '--body', 'hi'],
      ['send', 'text', '--to', '+919812345678', '--from', '9876543210', '--body', 'hi'],
    ]) {
      const run = await runCli(argv, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/invalid (to|from) \(e164\): .*must start with \+ and the country code/);
    }
    const fromEnv = await runCli(['send', 'text', '--to', '+919812345678', '--body', 'hi'], {
      ...env,
      KALEYRA_FROM: '9876543210',
    });
    expect(fromEnv.stderr).toMatch(/invalid from \(e164\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('v2: --ref and --callback-profile-id go into extra_info', async () => {
    server.respondWith(accepted);
    const argv = [
      'send',
      'text',
      '--to',
      '+919812345678',
      '--body',
      'hi',
      '--ref',
      'order-42',
      '--callback-profile-id',
      'CP123',
    ];
    expect((await runCli(argv, env)).code).toBe(0);
    expect(server.requests[0]!.json).toMatchObject({
      extra_info: { ref: 'order-42', callback_profile_id: 'CP123' },
    });
  });

  it('v1: --ref and --callback-profile-id are form fields', async () => {
    server.respondWith(defaultResponse('/v1/sid/messages'));
    const argv = [
      'send',
      'text',
      '--api',
      'v1',
      '--to',
      '+919812345678',
      '--body',
      'hi',
      '--ref',
      'order-42',
      '--callback-profile-id',
      'CP123',
    ];
    expect((await runCli(argv, env)).code).toBe(0);
    expect(server.requests[0]!.form).toMatchObject({ ref: 'order-42', callback_profile_id: 'CP123' });
  });

  it('v2 template: --param by position', async () => {
    server.respondWith(accepted);
    const argv = [
      'send',
      'template',
      '--to',
      '+919812345678',
      '--name',
      'order_update',
      '--language',
      'en',
      '--param',
      'John',
      '--param',
      'a=b C',
    ];
    expect((await runCli(argv, env)).code).toBe(2); // mixing positions and names is refused
    const positional = [
      'send',
      'template',
      '--to',
      '+919812345678',
      '--name',
      'order_update',
      '--language',
      'en',
      '--param',
      'John',
      '--param',
      '42',
    ];
    expect((await runCli(positional, env)).code).toBe(0);
    expect(server.requests[0]!.json).toMatchObject({
      messaging_object: {
        type: 'template',
        template: {
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'John' },
                { type: 'text', text: '42' },
              ],
            },
          ],
        },
      },
    });
  });

  it('v2 template: --param name=value for named variables', async () => {
    server.respondWith(accepted);
    const argv = ['send', 'template', '--to', '+919812345678', '--name', 'order_update', '--language', 'en'];
    const run = await runCli([...argv, '--param', 'customer=John Doe', '--param', 'total=4=2'], env);
    expect(run.code).toBe(0);
    const body = server.requests[0]!.json as { messaging_object: { template: { components: unknown } } };
    expect(body.messaging_object.template.components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'customer', text: 'John Doe' },
          { type: 'text', parameter_name: 'total', text: '4=2' },
        ],
      },
    ]);
    const both = await runCli([...argv, '--param', 'x', '--components', '[]'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--param or --components/);
  });
});

/** A flag's row as one line: help wraps a long description onto lines indented under it. */
const unwrapRows = (help: string) => help.replace(/\n {20,}(?=\S)/g, ' ');

describe('help text', () => {
  it('uses the right article, names the API once, and keeps v1 notes off v2 flags', async () => {
    const video = (await runCli(['send', 'video', '--help'])).stdout;
    expect(video).toContain('Sends a video with an optional caption through the v2 API.');
    expect(video).not.toMatch(/\ban video\b/);
    expect(video).not.toContain('v1');
    const v1Text = unwrapRows((await runCli(['send', 'text', '--api', 'v1', '--help'])).stdout);
    expect(v1Text.match(/\bv1\b/g)?.length).toBeLessThanOrEqual(3); // usage, summary, example
    expect(v1Text).toContain('Sends a text message through the v1 API (form fields).');
    expect(v1Text).toMatch(
      /--to <value> +recipients: \+ and the country code, several comma-separated \(required\)/,
    );
  });

  it.each(SEND_KINDS.map((kind) => [kind.api, kind.name, kind] as const))(
    '%s %s marks exactly its required flags',
    async (api, name, kind) => {
      const { stdout } = await runCli(['send', name, '--api', api, '--help']);
      for (const [flag, spec] of Object.entries(kind.options)) {
        const row = unwrapRows(stdout)
          .split('\n')
          .find((line) => line.startsWith(`  --${flag} `) || line === `  --${flag}`);
        expect(row, flag).toBeDefined();
        expect(row!.endsWith('(required)') || row!.includes('(required) '), flag).toBe(
          spec.required === true,
        );
      }
    },
  );

  it('a required flag that is missing is named', async () => {
    const run = await runCli(['send', 'template', '--to', '+919812345678', '--language', 'en'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--name is required');
  });
});

describe('an unexpected failure', () => {
  it('is one line without a stack, with every key masked, exit 1', () => {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (chunk: string) => (stderr += chunk) } };
    const error = new TypeError(`Headers.append: "${KEY}" is an invalid header value.\nmore detail`);
    expect(reportError(io, error, false, new Redactor(KEY))).toBe(1);
    expect(stderr).toBe(
      'error: unexpected failure: TypeError: Headers.append: "[REDACTED]" is an invalid header value.\n',
    );
  });
});

describe('option rows', () => {
  it('keep a space between every flag and its description, the longest included', async () => {
    const { stdout } = await runCli(['send', 'text', '--help']);
    expect(stdout).toMatch(/ {2}--callback-profile-id <value> {2}callback profile/);
  });
});
