import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_KINDS } from '../../src/cli/send-kinds.js';
import { UPLOAD_HELP } from '../../src/cli/help.js';
import { createKaleyraClient, KaleyraValidationError, type KaleyraClient } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startPrism, type PrismServer } from '../support/prism.js';

// Prism mocks Kaleyra from the very document the types are generated from, and validates every
// request against it. Driving the SDK and the CLI through it is what catches the two drifting apart.
let prism: PrismServer;
let client: KaleyraClient;
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-contract-'));
const files = { png: join(dir, 'photo.png'), pdf: join(dir, 'brochure.pdf') };

beforeAll(async () => {
  prism = await startPrism();
  client = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'contract-key',
    baseUrl: prism.url,
    from: '+919876543210',
    maxRetries: 0,
  });
  writeFileSync(files.png, withBody(MAGIC.png));
  writeFileSync(files.pdf, withBody(MAGIC.pdf));
}, 60_000);
afterAll(() => prism?.close());

/** Splits a documented example command line the way a POSIX shell would (single quotes, plain words). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2]!);
  return words;
}

const connection = [
  '--base-url',
  '',
  '--sid',
  'HXAP16XXXXXX97IN',
  '--api-key',
  'contract-key',
  '--from',
  '+919876543210',
];
const withPrism = () => connection.map((word, i) => (i === 1 ? prism.url : word));

describe('every high-level SDK method through the mock (the `demo` command)', () => {
  it('sends every message kind and both uploads, and Prism accepts each request', async () => {
    const run = await runCli(['demo', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.failures).toBe(0);
    expect(run.code).toBe(0);
    const kinds = report.results.map((r: { kind: string }) => r.kind);
    for (const kind of [
      'v1 text',
      'v1 template',
      'v1 media',
      'v1 media template',
      'v2 text',
      'v2 image',
      'v2 video',
      'v2 audio',
      'v2 document',
      'v2 sticker',
      'v2 location',
      'v2 contacts',
      'v2 interactive',
      'v2 template',
      'v2 reaction',
      'v2 reply',
      'v2 read receipt',
      'v2 media upload',
      'v2 resumable upload',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const result of report.results) expect(result.id, result.kind).toMatch(/\S/);
    // The README says the demo sends every message kind: each send its "Every message kind" block
    // makes (`v2.sendOrderDetails(` is the demo's "v2 order details") is one of the demo's.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = readme.slice(
      readme.indexOf('### Every message kind'),
      readme.indexOf('### Files and uploads'),
    );
    const label = (api: string, method: string) =>
      method === 'markAsRead'
        ? `${api} read receipt`
        : `${api} ${method
            .replace(/^send/, '')
            .replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
            .trim()}`;
    const called = [...block.matchAll(/\b(v1|v2)\.(\w+)\(/g)].map(([, api, method]) => label(api!, method!));
    expect(called.length).toBeGreaterThan(15);
    expect([...new Set(called)].filter((kind) => !kinds.includes(kind))).toEqual([]);
  }, 60_000);
});

describe('template, flow and callback-profile management through the mock', () => {
  const waba = '150441234142241';
  it.each([
    [
      'templates.create',
      () =>
        client.templates.create({
          wabaId: waba,
          name: 'order_update',
          category: 'UTILITY',
          language: 'en',
          components: [{ type: 'BODY', text: 'Order {{1}} shipped' }],
        } as never),
    ],
    ['templates.list', () => client.templates.list({ wabaId: waba })],
    [
      'templates.delete',
      () => client.templates.delete({ wabaId: waba, name: 'order_update', templateId: '1201234567890241' }),
    ],
    [
      'templates.createV1',
      () =>
        client.templates.createV1({
          name: 'Kaleyra_01',
          category: 'UTILITY',
          language: 'en',
          body: 'Hello {{1}}',
          waba_id: waba,
        }),
    ],
    ['flows.create', () => client.flows.create({ wabaId: waba, name: 'signup', categories: ['SIGN_UP'] })],
    ['flows.publish', () => client.flows.publish({ flowId: '1121234567890207' })],
    ['callbackProfiles.list', () => client.callbackProfiles.list({ limit: 25, offset: 0 })],
  ] as const)('%s is accepted', async (_name, call) => {
    await expect(call()).resolves.toBeTruthy();
  });
});

describe('every CLI command, as its --help example shows it, through the mock', () => {
  it.each(SEND_KINDS.map((kind) => [`send ${kind.name} (${kind.api})`, kind.example] as const))(
    '%s',
    async (_name, example) => {
      const argv = shellWords(example)
        .slice(1)
        .map((word) => (word.startsWith('./') ? files.png : word));
      const run = await runCli([...argv, ...withPrism()]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^sent v[12] /);
    },
  );

  it('upload', async () => {
    const example = /Example:\n\s+(kaleyra-wa upload .*)/.exec(UPLOAD_HELP)![1]!;
    const argv = shellWords(example)
      .slice(1)
      .map((word) => (word.startsWith('./') ? files.pdf : word));
    const run = await runCli([...argv, ...withPrism(), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'PENDING' });
  });
});

describe('the SDK and Prism agree on what is invalid', () => {
  // Each row: the SDK call, refused before sending, and the same body sent raw, refused by Prism.
  const to = '+919812345678';
  const v2Raw = (messaging_object: Record<string, unknown>) =>
    client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: 'HXAP16XXXXXX97IN', phone_number: '+919876543210' } },
      body: {
        messaging_object: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to,
          ...messaging_object,
        },
      } as never,
    });

  it.each([
    [
      'image with neither id nor link',
      () => client.v2Messages.sendImage({ to, media: {} as never }),
      () => v2Raw({ type: 'image', image: { caption: 'x' } }),
    ],
    [
      'caption of 1025 characters',
      () => client.v2Messages.sendVideo({ to, media: { id: '1' }, caption: 'x'.repeat(1025) }),
      () => v2Raw({ type: 'video', video: { id: '1', caption: 'x'.repeat(1025) } }),
    ],
    [
      'recipient that is not a number',
      () => client.v2Messages.sendText({ to: 'customer', body: 'hi' }),
      () => v2Raw({ to: 'customer', type: 'text', text: { body: 'hi' } }),
    ],
    [
      'v1 media template without template_name',
      () => client.v1Messages.sendMediaTemplate({ to, templateName: '', params: ['a'] }),
      () =>
        client.v1.POST('/v1/{sid}/messages', {
          params: { path: { sid: 'HXAP16XXXXXX97IN' } },
          body: {
            to,
            from: '+919876543210',
            channel: 'whatsapp',
            type: 'mediatemplate',
            params: '"a"',
          } as never,
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
    ],
    [
      'resumable upload of a GIF',
      () =>
        client.media.uploadResumable({
          wabaId: '150441234142241',
          file: withBody(MAGIC.gif),
          name: 'anim.gif',
        }),
      () => {
        const form = new FormData();
        form.append('file', new Blob([withBody(MAGIC.gif)], { type: 'image/gif' }), 'anim.gif');
        form.append('type', 'image/gif');
        return client.v2.POST('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
          params: { path: { sid: 'HXAP16XXXXXX97IN', waba_id: '150441234142241' } },
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        });
      },
    ],
  ] as const)('%s', async (_name, viaSdk, raw) => {
    await expect(viaSdk()).rejects.toBeInstanceOf(KaleyraValidationError);
    const { response } = await raw();
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toBeTruthy();
  });

  it('a request without an api-key: the SDK will not build one, Prism answers 401', async () => {
    expect(() => createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: '', baseUrl: prism.url })).toThrow(
      KaleyraValidationError,
    );
    const response = await fetch(`${prism.url}/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_object: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } },
      }),
    });
    expect(response.status).toBe(401);
    expect((await response.json()).code).toBe('RBC001');
  });
});
