import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKaleyraClient,
  type KaleyraClient,
  type Schemas,
  type V2SendMessageResponse,
} from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { validatorAt } from '../spec/support/spec-validator.js';

// Every v2 high-level method, seen from the wire: the exact JSON that reaches a real server, on
// the right path, and that JSON checked against the bundled spec's request schema so the SDK and
// the document cannot drift apart. Needs `npm run -s bundle` (dist/openapi.json).
const SID = 'HXAP16XXXXXX97IN';
const API_KEY = 'test-key-v2-kinds';
const CLIENT_FROM = '+919000000001';
const TO = '+919876543210';
const validateV2Body = validatorAt(
  '#/paths/~1v2~1{sid}~1whatsapp~1{phone_number}~1messages/post/requestBody/content/application~1json/schema',
);

let server: RecordingServer;
let client: KaleyraClient;

beforeAll(async () => {
  server = await startRecordingServer();
  client = createKaleyraClient({
    sid: SID,
    apiKey: API_KEY,
    baseUrl: server.url,
    from: CLIENT_FROM,
    maxRetries: 0,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const common = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO } as const;

const replyButtons: Schemas['V2InteractiveObject'] = {
  type: 'button',
  header: { type: 'text', text: 'Order 1042' },
  body: { text: 'When should we deliver it?' },
  footer: { text: 'Reply with a button' },
  action: {
    buttons: [
      { type: 'reply', reply: { id: 'today', title: 'Today' } },
      { type: 'reply', reply: { id: 'tomorrow', title: 'Tomorrow' } },
    ],
  },
};

const list: Schemas['V2InteractiveObject'] = {
  type: 'list',
  body: { text: 'Choose what you would like to order.' },
  action: {
    button: 'View menu',
    sections: [
      {
        title: 'Drinks',
        rows: [
          { id: 'coffee', title: 'Coffee', description: 'Filter coffee' },
          { id: 'tea', title: 'Tea' },
        ],
      },
    ],
  },
};

const templateComponents: NonNullable<Schemas['V2TemplateObject']['components']> = [
  { type: 'header', parameters: [{ type: 'image', image: { link: 'https://www.example.com/parcel.png' } }] },
  { type: 'body', parameters: [{ type: 'text', text: 'Asha' }] },
  { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'orders/1042' }] },
];

const contact: Schemas['V2Contact'] = {
  name: { formatted_name: 'Asha Rao', first_name: 'Asha' },
  phones: [{ phone: '+91 98765 43211', type: 'CELL', wa_id: '919876543211' }],
};

type Case = [
  name: string,
  send: (c: KaleyraClient) => Promise<V2SendMessageResponse>,
  messagingObject: Record<string, unknown>,
];

const cases: Case[] = [
  [
    'sendText',
    (c) => c.v2Messages.sendText({ to: TO, body: 'Hello https://example.com', previewUrl: true }),
    { ...common, type: 'text', text: { body: 'Hello https://example.com', preview_url: true } },
  ],
  [
    'sendImage by id',
    (c) => c.v2Messages.sendImage({ to: TO, media: { id: '1234567890' }, caption: 'An image' }),
    { ...common, type: 'image', image: { id: '1234567890', caption: 'An image' } },
  ],
  [
    'sendImage by link',
    (c) => c.v2Messages.sendImage({ to: TO, media: { link: 'https://example.com/a.png' } }),
    { ...common, type: 'image', image: { link: 'https://example.com/a.png' } },
  ],
  [
    'sendVideo',
    (c) =>
      c.v2Messages.sendVideo({ to: TO, media: { link: 'https://example.com/v.mp4' }, caption: 'A video' }),
    { ...common, type: 'video', video: { link: 'https://example.com/v.mp4', caption: 'A video' } },
  ],
  [
    'sendAudio',
    (c) => c.v2Messages.sendAudio({ to: TO, media: { id: '555' } }),
    { ...common, type: 'audio', audio: { id: '555' } },
  ],
  [
    'sendDocument',
    (c) =>
      c.v2Messages.sendDocument({
        to: TO,
        media: { link: 'https://example.com/i.pdf' },
        caption: 'Invoice',
        filename: 'invoice.pdf',
      }),
    {
      ...common,
      type: 'document',
      document: { link: 'https://example.com/i.pdf', caption: 'Invoice', filename: 'invoice.pdf' },
    },
  ],
  [
    'sendSticker',
    (c) => c.v2Messages.sendSticker({ to: TO, media: { id: '777' } }),
    { ...common, type: 'sticker', sticker: { id: '777' } },
  ],
  [
    'sendLocation',
    (c) =>
      c.v2Messages.sendLocation({
        to: TO,
        latitude: 12.9716,
        longitude: 77.5946,
        name: 'Office',
        address: 'MG Road',
      }),
    {
      ...common,
      type: 'location',
      location: { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' },
    },
  ],
  [
    'sendContacts',
    (c) => c.v2Messages.sendContacts({ to: TO, contacts: [contact] }),
    { ...common, type: 'contacts', contacts: [contact] },
  ],
  [
    'sendInteractive (reply buttons)',
    (c) => c.v2Messages.sendInteractive({ to: TO, interactive: replyButtons }),
    { ...common, type: 'interactive', interactive: replyButtons },
  ],
  [
    'sendInteractive (list)',
    (c) => c.v2Messages.sendInteractive({ to: TO, interactive: list }),
    { ...common, type: 'interactive', interactive: list },
  ],
  [
    'sendTemplate with components',
    (c) =>
      c.v2Messages.sendTemplate({
        to: TO,
        name: 'order_shipped',
        language: 'en',
        components: templateComponents,
      }),
    {
      ...common,
      type: 'template',
      template: { name: 'order_shipped', language: { code: 'en' }, components: templateComponents },
    },
  ],
  [
    'sendTemplate with a language object',
    (c) =>
      c.v2Messages.sendTemplate({
        to: TO,
        name: 'hello',
        language: { code: 'en_US', policy: 'deterministic' },
      }),
    {
      ...common,
      type: 'template',
      template: { name: 'hello', language: { code: 'en_US', policy: 'deterministic' } },
    },
  ],
  [
    'sendReaction',
    (c) => c.v2Messages.sendReaction({ to: TO, messageId: 'wamid.ABC', emoji: '👍' }),
    { ...common, type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '👍' } },
  ],
  [
    'sendReaction removing a reaction',
    (c) => c.v2Messages.sendReaction({ to: TO, messageId: 'wamid.ABC', emoji: '' }),
    { ...common, type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '' } },
  ],
  [
    'reply',
    (c) => c.v2Messages.reply({ to: TO, messageId: 'wamid.QUOTED', body: 'Thanks!' }),
    { ...common, context: { message_id: 'wamid.QUOTED' }, type: 'text', text: { body: 'Thanks!' } },
  ],
  [
    'sendImage with replyTo',
    (c) => c.v2Messages.sendImage({ to: TO, media: { id: '1' }, replyTo: 'wamid.Q2' }),
    { ...common, context: { message_id: 'wamid.Q2' }, type: 'image', image: { id: '1' } },
  ],
];

describe('v2 high-level methods on the wire', () => {
  it.each(cases)(
    '%s sends the exact messaging_object to the client from-number path',
    async (_name, send, messagingObject) => {
      server.respondWith({
        status: 202,
        body: { code: 'WA202', message: 'Request Accepted', data: { message_id: 'wamid.OUT' }, error: {} },
      });
      const result = await send(client);
      expect(result.data.message_id).toBe('wamid.OUT');

      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request!.method).toBe('POST');
      expect(request!.path).toBe(`/v2/${SID}/whatsapp/${CLIENT_FROM}/messages`);
      expect(request!.headers['api-key']).toBe(API_KEY);
      expect(request!.headers['content-type']).toBe('application/json');
      // No extra_info when none was given: exactly the messaging object.
      expect(request!.json).toEqual({ messaging_object: messagingObject });
      const check = validateV2Body(request!.json);
      expect(check.errors).toEqual([]);
      expect(check.valid).toBe(true);
    },
  );

  it('the schema check bites: a body the spec forbids is reported invalid', () => {
    expect(
      validateV2Body({
        messaging_object: { ...common, type: 'image', image: { id: '1', link: 'https://example.com/a.png' } },
      }).valid,
    ).toBe(false);
    expect(validateV2Body({ messaging_object: { ...common, type: 'text', text: {} } }).valid).toBe(false);
  });

  it('markAsRead sends the read receipt shape, not a message', async () => {
    await client.v2Messages.markAsRead({ messageId: 'wamid.INCOMING' });
    const [request] = server.requests;
    expect(request!.path).toBe(`/v2/${SID}/whatsapp/${CLIENT_FROM}/messages`);
    expect(request!.json).toEqual({
      messaging_object: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.INCOMING' },
    });
    expect(validateV2Body(request!.json).errors).toEqual([]);
  });

  it('markAsRead with its own from uses that number in the path', async () => {
    await client.v2Messages.markAsRead({ messageId: 'wamid.X', from: '+14155550100' });
    expect(server.requests[0]!.path).toBe(`/v2/${SID}/whatsapp/+14155550100/messages`);
  });

  it('a per-message from overrides the client default and keeps the + unencoded', async () => {
    await client.v2Messages.sendText({ to: TO, from: '+447700900123', body: 'hi' });
    expect(server.requests[0]!.path).toBe(`/v2/${SID}/whatsapp/+447700900123/messages`);
  });

  it('maps extraInfo to snake_case extra_info, callbackProfileId included', async () => {
    await client.v2Messages.sendText({
      to: TO,
      body: 'hi',
      extraInfo: {
        ref: 'customer1',
        ref1: 'marketing',
        ref2: 'dictionary',
        waSource: 'api',
        callbackProfileId: 'profile-42',
      },
    });
    const [request] = server.requests;
    expect(request!.json).toEqual({
      messaging_object: { ...common, type: 'text', text: { body: 'hi' } },
      extra_info: {
        ref: 'customer1',
        ref1: 'marketing',
        ref2: 'dictionary',
        wa_source: 'api',
        callback_profile_id: 'profile-42',
      },
    });
    expect(validateV2Body(request!.json).errors).toEqual([]);
  });

  it('sends only the extra_info members that were given', async () => {
    await client.v2Messages.sendReaction({
      to: TO,
      messageId: 'wamid.A',
      emoji: '🎉',
      extraInfo: { ref2: 'only-this' },
    });
    expect((server.requests[0]!.json as { extra_info: unknown }).extra_info).toEqual({ ref2: 'only-this' });
  });

  it('a 255-character ref is accepted and sent whole (code points, not UTF-16 units)', async () => {
    const ref = '😀'.repeat(255);
    await client.v2Messages.sendText({ to: TO, body: 'hi', extraInfo: { ref } });
    expect((server.requests[0]!.json as { extra_info: { ref: string } }).extra_info.ref).toBe(ref);
  });
});
