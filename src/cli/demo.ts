import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKaleyraClient, type KaleyraClient } from '../index.js';
import { fileFromPath } from '../node/index.js';
import { field, messageIdOf } from './message-id.js';
import { EXIT_API, EXIT_OK, type Io } from './output.js';
import { bundledSpecPath, packageRoot } from './package-root.js';
import { startMockServer } from './prism-process.js';

const BUSINESS = '+919876543210';
const CUSTOMER = '+919812345678';

interface Sent {
  method: string;
  path: string;
  what: string;
}

// 1×1 transparent PNG: a real image the mock's validation and the SDK's type sniffing both accept.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG = Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));
const WAMID = 'wamid.HBgMOTE5ODc2NTQzMjEw';
const BUTTONS = [
  { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
  { type: 'reply', reply: { id: 'no', title: 'No' } },
] as const;

type Step = [label: string, run: (client: KaleyraClient, pngPath: string) => Promise<unknown>];

const STEPS: Step[] = [
  ['v1 text', (c) => c.v1Messages.sendText({ to: CUSTOMER, body: 'Hi, your order has shipped.' })],
  [
    'v1 template',
    (c) =>
      c.v1Messages.sendTemplate({
        to: CUSTOMER,
        templateName: 'booking_confirm',
        params: ['John', 'Doe'],
        langCode: 'en',
      }),
  ],
  [
    'v1 media',
    (c) =>
      c.v1Messages.sendMedia({ to: CUSTOMER, media: { file: PNG, name: 'logo.png' }, caption: 'Our logo' }),
  ],
  [
    'v1 media template',
    (c) =>
      c.v1Messages.sendMediaTemplate({
        to: [CUSTOMER, '+919812345679'],
        templateName: 'Booking_confirm',
        params: ['John', 'Doe'],
        paramUrl: 'login/abc',
      }),
  ],
  [
    'v2 text',
    (c) => c.v2Messages.sendText({ to: CUSTOMER, body: 'Hello from the v2 API', previewUrl: false }),
  ],
  [
    'v2 image',
    (c) =>
      c.v2Messages.sendImage({
        to: CUSTOMER,
        media: { link: 'https://example.com/logo.png' },
        caption: 'Our logo',
      }),
  ],
  [
    'v2 video',
    (c) =>
      c.v2Messages.sendVideo({
        to: CUSTOMER,
        media: { id: '1166846181421424' },
        caption: 'Splendid festive celebrations',
      }),
  ],
  [
    'v2 audio',
    (c) => c.v2Messages.sendAudio({ to: CUSTOMER, media: { link: 'https://example.com/greeting.mp3' } }),
  ],
  [
    'v2 document',
    (c) =>
      c.v2Messages.sendDocument({
        to: CUSTOMER,
        media: { link: 'https://example.com/invoice.pdf' },
        filename: 'invoice.pdf',
        caption: 'Your invoice',
      }),
  ],
  ['v2 sticker', (c) => c.v2Messages.sendSticker({ to: CUSTOMER, media: { id: '1479123456789537' } })],
  [
    'v2 location',
    (c) =>
      c.v2Messages.sendLocation({
        to: CUSTOMER,
        latitude: 12.9716,
        longitude: 77.5946,
        name: 'Kaleyra',
        address: 'Bengaluru',
      }),
  ],
  [
    'v2 contacts',
    (c) =>
      c.v2Messages.sendContacts({
        to: CUSTOMER,
        contacts: [
          {
            name: { formatted_name: 'Jane Doe', first_name: 'Jane' },
            phones: [{ phone: '+919876543211', type: 'WORK' }],
          },
        ],
      }),
  ],
  [
    'v2 interactive',
    (c) =>
      c.v2Messages.sendInteractive({
        to: CUSTOMER,
        interactive: {
          type: 'button',
          body: { text: 'Confirm your booking?' },
          action: { buttons: [...BUTTONS] },
        },
      }),
  ],
  [
    'v2 template',
    (c) =>
      c.v2Messages.sendTemplate({
        to: CUSTOMER,
        name: 'order_update',
        language: 'en',
        parameters: { body: ['42'] },
      }),
  ],
  [
    'v2 order details',
    (c) =>
      c.v2Messages.sendOrderDetails({
        to: CUSTOMER,
        body: 'Your order is ready to pay',
        referenceId: 'order-42',
        goodsType: 'physical-goods',
        payment: {
          type: 'payment_gateway',
          payment_gateway: { type: 'razorpay', configuration_name: 'main-config' },
        },
        items: [
          {
            retailer_id: 'chai-250',
            name: 'Masala chai',
            amount: { value: 25000, offset: 100 },
            quantity: 2,
          },
        ],
      }),
  ],
  [
    'v2 order status',
    (c) =>
      c.v2Messages.sendOrderStatus({
        to: CUSTOMER,
        body: 'Your order has shipped',
        referenceId: 'order-42',
        status: 'shipped',
      }),
  ],
  ['v2 reaction', (c) => c.v2Messages.sendReaction({ to: CUSTOMER, messageId: WAMID, emoji: '👍' })],
  [
    'v2 reply',
    (c) => c.v2Messages.reply({ to: CUSTOMER, messageId: WAMID, body: 'Thanks for your message!' }),
  ],
  ['v2 read receipt', (c) => c.v2Messages.markAsRead({ messageId: WAMID })],
  ['v2 media upload', async (c, png) => c.media.upload({ file: await fileFromPath(png) })],
  [
    'v2 resumable upload',
    async (c, png) => c.media.uploadResumable({ wabaId: '150441234142241', file: await fileFromPath(png) }),
  ],
];

/** What left the client, in one line: the message type, or the form's type, or the multipart size. */
async function describe(request: Request): Promise<string> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body: unknown = JSON.parse(await request.clone().text());
    const object = field(body, 'messaging_object');
    const kind = field(object, 'type') ?? field(object, 'status');
    return typeof kind === 'string' ? `${field(object, 'type') ? 'type' : 'status'}=${kind}` : 'json';
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return `form type=${new URLSearchParams(await request.clone().text()).get('type')}`;
  }
  if (type.startsWith('multipart/'))
    return `multipart, ${request.headers.get('content-length') ?? '?'} bytes`;
  return request.method === 'GET' ? 'query' : 'no body';
}

export async function runDemo(io: Io, json: boolean): Promise<number> {
  const mock = await startMockServer({ specPath: bundledSpecPath(), resolveFrom: packageRoot() });
  const dir = mkdtempSync(join(tmpdir(), 'kaleyra-demo-'));
  const pngPath = join(dir, 'logo.png');
  writeFileSync(pngPath, PNG);
  const sent: Sent[] = [];
  const client = createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'demo-key',
    baseUrl: mock.url,
    from: BUSINESS,
    maxRetries: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push({
        method: request.method,
        path: new URL(request.url).pathname,
        what: await describe(request),
      });
      return fetch(request);
    },
  });

  if (!json) io.stdout.write(`mock Kaleyra (Prism, request validation on) at ${mock.url}\n\n`);
  let failures = 0;
  const results: unknown[] = [];
  try {
    for (const [label, run] of STEPS) {
      const before = sent.length;
      try {
        const response = await run(client, pngPath);
        const id = messageIdOf(response) ?? '(no id)';
        const request = sent[before];
        results.push({ kind: label, sent: request, id });
        if (!json) {
          io.stdout.write(
            `${label.padEnd(20)} ${request?.method} ${request?.path}  [${request?.what}]\n${''.padEnd(20)} -> id ${id}\n`,
          );
        }
      } catch (error) {
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        results.push({ kind: label, sent: sent[before], error: message });
        io.stderr.write(`${label}: FAILED: ${message}\n`);
      }
    }
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) io.stdout.write(JSON.stringify({ mock: mock.url, results, failures }) + '\n');
  else
    io.stdout.write(
      `\n${STEPS.length - failures} of ${STEPS.length} sent through the mock; it is stopped.\n`,
    );
  return failures === 0 ? EXIT_OK : EXIT_API;
}
