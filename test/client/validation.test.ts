import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKaleyraClient,
  KaleyraValidationError,
  type KaleyraClient,
  type KaleyraClientOptions,
} from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

/** The media of an image send: deliberately wrong below, to see the client refuse it. */
type ImageMedia = Parameters<KaleyraClient['v2Messages']['sendImage']>[0]['media'];

// Bad input is refused before a byte leaves the machine: each case throws a KaleyraValidationError
// naming the field and rule, and the real server behind baseUrl records no request at all.
const SID = 'HXAP16XXXXXX97IN';
const TO = '+919876543210';
const WABA = '102290129340398';

let server: RecordingServer;
let client: KaleyraClient;
let clientWithoutFrom: KaleyraClient;

beforeAll(async () => {
  server = await startRecordingServer();
  client = createKaleyraClient({
    sid: SID,
    apiKey: 'test-key',
    baseUrl: server.url,
    from: '+919000000004',
    maxRetries: 0,
  });
  clientWithoutFrom = createKaleyraClient({
    sid: SID,
    apiKey: 'test-key',
    baseUrl: server.url,
    maxRetries: 0,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Whatever the call does (throw synchronously or reject), the error it ends with. */
async function failureOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function tinyStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

const png = withBody(MAGIC.png, 200);
const pdf = withBody(MAGIC.pdf, 200);
const longCaption = 'x'.repeat(1025);

type Case = [name: string, field: string, rule: string, run: () => unknown];

const cases: Case[] = [
  [
    'v2 to with spaces',
    'to',
    'e164',
    () => client.v2Messages.sendText({ to: '+91 98765 43210', body: 'hi' }),
  ],
  [
    'v2 to with a leading 0',
    'to',
    'e164',
    () => client.v2Messages.sendImage({ to: '0919876543210', media: { id: '1' } }),
  ],
  [
    // Read without its +, this Indian mobile (no country code) is a +98 number: the SDK refuses it.
    'v2 to without + and country code',
    'to',
    'e164',
    () => client.v2Messages.sendText({ to: '9812345678', body: 'hi' }),
  ],
  [
    'v1 template to without +',
    'to',
    'e164',
    () => client.v1Messages.sendTemplate({ to: '919812345678', templateName: 'order_update' }),
  ],
  [
    'v2 from too short',
    'from',
    'e164',
    () => client.v2Messages.sendText({ to: TO, from: '+12345', body: 'hi' }),
  ],
  [
    'v1 one bad entry in a to list',
    'to',
    'e164',
    () => client.v1Messages.sendText({ to: [TO, '98765-43210'], body: 'hi' }),
  ],
  [
    'v1 from with dashes',
    'from',
    'e164',
    () => client.v1Messages.sendText({ to: TO, from: '+91-900-000-0004', body: 'hi' }),
  ],
  [
    'v2 caption of 1025 characters',
    'caption',
    'max-length',
    () => client.v2Messages.sendImage({ to: TO, media: { id: '1' }, caption: longCaption }),
  ],
  [
    'v1 caption of 1025 characters',
    'caption',
    'max-length',
    () =>
      client.v1Messages.sendMedia({ to: TO, mediaUrl: 'https://example.com/a.png', caption: longCaption }),
  ],
  [
    'image with neither id nor link',
    'image',
    'id-or-link',
    () => client.v2Messages.sendImage({ to: TO, media: {} as unknown as ImageMedia }),
  ],
  [
    'image with both id and link',
    'image',
    'id-or-link',
    () =>
      client.v2Messages.sendImage({
        to: TO,
        media: { id: '1', link: 'https://example.com/a.png' } as unknown as ImageMedia,
      }),
  ],
  [
    'document link that is not http(s)',
    'document.link',
    'url',
    () => client.v2Messages.sendDocument({ to: TO, media: { link: 'file:///etc/passwd' } }),
  ],
  [
    'resumable upload of a GIF',
    'file',
    'allowed-type',
    () => client.media.uploadResumable({ wabaId: WABA, file: withBody(MAGIC.gif), name: 'anim.gif' }),
  ],
  [
    'resumable file name with a space',
    'file',
    'file-name',
    () => client.media.uploadResumable({ wabaId: WABA, file: png, name: 'my photo.png' }),
  ],
  [
    'resumable upload over 100 MB (declared size of a stream)',
    'file',
    'max-bytes',
    () =>
      client.media.uploadResumable({
        wabaId: WABA,
        file: { stream: tinyStream(pdf), name: 'big.pdf', size: 100_000_001 },
      }),
  ],
  [
    'image/png declared on PDF bytes',
    'file',
    'type-mismatch',
    () => client.media.uploadResumable({ wabaId: WABA, file: pdf, name: 'scan.png', type: 'image/png' }),
  ],
  // The field is named as the caller knows it: v1 attaches the file as `media`.
  [
    'v1 media declared image/png on PDF bytes',
    'media',
    'type-mismatch',
    () => client.v1Messages.sendMedia({ to: TO, media: { file: pdf, name: 'scan.png', type: 'image/png' } }),
  ],
  [
    'resumable upload with a non-digit wabaId',
    'wabaId',
    'digits',
    () => client.media.uploadResumable({ wabaId: 'waba-1', file: png, name: 'a.png' }),
  ],
  [
    'listResumable with an empty wabaId',
    'wabaId',
    'digits',
    () => client.media.listResumable({ wabaId: '' }),
  ],
  [
    'mediatemplate without templateName',
    'templateName',
    'required',
    () => client.v1Messages.sendMediaTemplate({ to: TO, templateName: '' }),
  ],
  [
    'mediatemplate with 4 payloads',
    'payloads',
    'max-items',
    () => client.v1Messages.sendMediaTemplate({ to: TO, templateName: 't', payloads: ['a', 'b', 'c', 'd'] }),
  ],
  ['v1 media without file or URL', 'media', 'media-or-url', () => client.v1Messages.sendMedia({ to: TO })],
  [
    'extraInfo.ref of 256 characters',
    'extraInfo.ref',
    'max-length',
    () => client.v2Messages.sendText({ to: TO, body: 'hi', extraInfo: { ref: 'r'.repeat(256) } }),
  ],
  ['v2 text body of only spaces', 'body', 'text', () => client.v2Messages.sendText({ to: TO, body: '   ' })],
  [
    'six contact cards (Meta allows 5)',
    'contacts',
    'count',
    () =>
      client.v2Messages.sendContacts({
        to: TO,
        contacts: Array.from({ length: 6 }, () => ({ name: { formatted_name: 'A B', first_name: 'A' } })),
      }),
  ],
  [
    'latitude out of range',
    'latitude',
    'range',
    () => client.v2Messages.sendLocation({ to: TO, latitude: 91, longitude: 0 }),
  ],
  [
    'reaction without a message id',
    'messageId',
    'required',
    () => client.v2Messages.sendReaction({ to: TO, messageId: '', emoji: '👍' }),
  ],
  [
    'v2 send with no from anywhere',
    'from',
    'required',
    () => clientWithoutFrom.v2Messages.sendText({ to: TO, body: 'hi' }),
  ],
  [
    'v1 send with no from anywhere',
    'from',
    'required',
    () => clientWithoutFrom.v1Messages.sendTemplate({ to: TO, templateName: 't' }),
  ],
  [
    'plain upload with no from anywhere',
    'from',
    'required',
    () => clientWithoutFrom.media.upload({ file: png, name: 'a.png' }),
  ],
  [
    'markAsRead with no from anywhere',
    'from',
    'required',
    () => clientWithoutFrom.v2Messages.markAsRead({ messageId: 'wamid.X' }),
  ],
];

describe('bad input never reaches the server', () => {
  it.each(cases)('%s → %s / %s', async (_name, field, rule, run) => {
    const error = await failureOf(run);
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect({
      field: (error as KaleyraValidationError).field,
      rule: (error as KaleyraValidationError).rule,
    }).toEqual({ field, rule });
    expect(server.requests).toHaveLength(0);
  });
});

describe('bad client options throw at creation', () => {
  const good = (): KaleyraClientOptions => ({ sid: SID, apiKey: 'test-key', pod: 'in' });
  const optionCases: Array<[string, string, string, KaleyraClientOptions]> = [
    ['unknown pod', 'pod', 'one-of', { ...good(), pod: 'us' as unknown as KaleyraClientOptions['pod'] }],
    ['no pod and no baseUrl', 'pod', 'one-of', { sid: SID, apiKey: 'test-key' }],
    ['empty apiKey', 'apiKey', 'required', { ...good(), apiKey: '' }],
    ['whitespace apiKey', 'apiKey', 'required', { ...good(), apiKey: '   ' }],
    ['apiKey with a line break', 'apiKey', 'format', { ...good(), apiKey: 'abc\r\nx-evil: 1' }],
    ['sid with a slash', 'sid', 'format', { ...good(), sid: 'HX/../v2' }],
    ['baseUrl that is not http(s)', 'baseUrl', 'url', { ...good(), baseUrl: 'ftp://example.com' }],
    ['client from that is not E.164', 'from', 'e164', { ...good(), from: '12' }],
    ['negative timeoutMs', 'timeoutMs', 'non-negative', { ...good(), timeoutMs: -1 }],
    ['NaN maxRetries', 'maxRetries', 'non-negative', { ...good(), maxRetries: Number.NaN }],
  ];

  it.each(optionCases)('%s → %s / %s', async (_name, field, rule, options) => {
    const error = await failureOf(() => createKaleyraClient(options));
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect({
      field: (error as KaleyraValidationError).field,
      rule: (error as KaleyraValidationError).rule,
    }).toEqual({ field, rule });
  });

  it('the rejected apiKey is not echoed in the error message', async () => {
    const error = (await failureOf(() => createKaleyraClient({ ...good(), apiKey: 'SECRET\nKEY' }))) as Error;
    expect(error.message).not.toContain('SECRET');
  });
});

describe('validation failures are rejections, like every other failure of an async method', () => {
  // `send(...).catch(handle)` must see validation errors too, not a synchronous throw.
  it('v2 sendText with a bad number returns a rejected promise instead of throwing', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.v2Messages.sendText({ to: 'not-a-number', body: 'hi' });
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(KaleyraValidationError);
  });

  it('v1 sendTemplate without a template name returns a rejected promise instead of throwing', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.v1Messages.sendTemplate({ to: TO, templateName: '' });
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(KaleyraValidationError);
  });

  it('the async v1 sendMedia rejects rather than throwing', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.v1Messages.sendMedia({ to: TO });
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(KaleyraValidationError);
  });
});
