import type { KaleyraClient } from '../client/create-client.js';
import type { CallOptions } from '../client/options.js';
import type { V2MediaSource } from '../client/media-source.js';
import { fileFromPath } from '../node/file-from-path.js';
import { UsageError } from './usage-error.js';

type Values = Record<string, string | boolean | string[] | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; description: string }>;

export interface SendKind {
  api: 'v1' | 'v2';
  name: string;
  summary: string;
  options: OptionSpec;
  example: string;
  /** File paths by the name they are uploaded under, for the dry-run curl. */
  files?(values: Values): Map<string, string>;
  run(client: KaleyraClient, values: Values, call: CallOptions): Promise<unknown>;
}

const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
const need = (values: Values, name: string): string => {
  const value = str(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
};
const num = (values: Values, name: string): number => {
  const value = Number(need(values, name));
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number`);
  return value;
};
const json = (values: Values, name: string): any => {
  const text = need(values, name);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} must be JSON`);
  }
};
/** A value from a fixed set, typed as that set (the SDK checks it again, naming the field). */
const oneOf = <T extends string>(values: Values, name: string, allowed: readonly T[]): T => {
  const value = need(values, name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return found;
};
const list = (values: Values, name: string): string[] | undefined => {
  const value = values[name];
  return Array.isArray(value) ? value : undefined;
};

function media(values: Values): V2MediaSource {
  const id = str(values, 'media-id');
  const link = str(values, 'link');
  if ((id === undefined) === (link === undefined)) throw new UsageError('give exactly one of --media-id or --link');
  return id !== undefined ? { id } : { link: link! };
}

function v2Common(values: Values) {
  const extraInfo = {
    ...(str(values, 'ref') !== undefined ? { ref: str(values, 'ref') } : {}),
    ...(str(values, 'ref1') !== undefined ? { ref1: str(values, 'ref1') } : {}),
    ...(str(values, 'ref2') !== undefined ? { ref2: str(values, 'ref2') } : {}),
  };
  return {
    to: need(values, 'to'),
    ...(str(values, 'from') !== undefined ? { from: str(values, 'from')! } : {}),
    ...(Object.keys(extraInfo).length ? { extraInfo } : {}),
  };
}

function v1Common(values: Values) {
  return {
    to: need(values, 'to'),
    ...(str(values, 'from') !== undefined ? { from: str(values, 'from')! } : {}),
    ...(str(values, 'callback-url') !== undefined ? { callbackUrl: str(values, 'callback-url')! } : {}),
  };
}

const TO = { to: { type: 'string', description: 'recipient, E.164 (v1: several, comma-separated)' } } as const;
const REFS = {
  ref: { type: 'string', description: 'your reference, echoed in callbacks (max 255)' },
  ref1: { type: 'string', description: 'second reference' },
  ref2: { type: 'string', description: 'third reference' },
} as const;
const MEDIA = {
  'media-id': { type: 'string', description: 'id of an uploaded media file' },
  link: { type: 'string', description: 'public URL of the media file' },
} as const;
const CALLBACK = { 'callback-url': { type: 'string', description: 'status callback URL (whitelisted)' } } as const;

async function v1File(values: Values) {
  const path = str(values, 'file');
  return path === undefined ? undefined : { file: await fileFromPath(path) };
}

function v1FileMap(values: Values): Map<string, string> {
  const path = str(values, 'file');
  return new Map(path ? [[path.split('/').pop()!, path]] : []);
}

export const SEND_KINDS: readonly SendKind[] = [
  {
    api: 'v2', name: 'text', summary: 'a text message',
    options: { ...TO, body: { type: 'string', description: 'the text (max 4096)' }, 'preview-url': { type: 'boolean', description: 'preview the first link' }, ...REFS },
    example: "kaleyra-wa send text --to +919812345678 --body 'Your order has shipped'",
    run: (c, v, call) => c.v2Messages.sendText({ ...v2Common(v), body: need(v, 'body'), ...(v['preview-url'] ? { previewUrl: true } : {}) }, call),
  },
  ...(['image', 'video'] as const).map((kind): SendKind => ({
    api: 'v2', name: kind, summary: `an ${kind} with an optional caption`,
    options: { ...TO, ...MEDIA, caption: { type: 'string', description: 'caption (max 1024)' }, ...REFS },
    example: `kaleyra-wa send ${kind} --to +919812345678 --link https://example.com/a.${kind === 'image' ? 'png' : 'mp4'} --caption Hello`,
    run: (c, v, call) => c.v2Messages[kind === 'image' ? 'sendImage' : 'sendVideo']({ ...v2Common(v), media: media(v), ...(str(v, 'caption') !== undefined ? { caption: str(v, 'caption')! } : {}) }, call),
  })),
  ...(['audio', 'sticker'] as const).map((kind): SendKind => ({
    api: 'v2', name: kind, summary: `${kind === 'audio' ? 'an audio file' : 'a sticker'}`,
    options: { ...TO, ...MEDIA, ...REFS },
    example: `kaleyra-wa send ${kind} --to +919812345678 --media-id 1479123456789537`,
    run: (c, v, call) => c.v2Messages[kind === 'audio' ? 'sendAudio' : 'sendSticker']({ ...v2Common(v), media: media(v) }, call),
  })),
  {
    api: 'v2', name: 'document', summary: 'a document with a file name and caption',
    options: { ...TO, ...MEDIA, caption: { type: 'string', description: 'caption (max 1024)' }, filename: { type: 'string', description: 'name shown to the recipient' }, ...REFS },
    example: 'kaleyra-wa send document --to +919812345678 --link https://example.com/invoice.pdf --filename invoice.pdf',
    run: (c, v, call) =>
      c.v2Messages.sendDocument(
        { ...v2Common(v), media: media(v), ...(str(v, 'caption') !== undefined ? { caption: str(v, 'caption')! } : {}), ...(str(v, 'filename') !== undefined ? { filename: str(v, 'filename')! } : {}) },
        call,
      ),
  },
  {
    api: 'v2', name: 'location', summary: 'a map pin',
    options: { ...TO, latitude: { type: 'string', description: '-90 to 90' }, longitude: { type: 'string', description: '-180 to 180' }, name: { type: 'string', description: 'place name' }, address: { type: 'string', description: 'address' }, ...REFS },
    example: "kaleyra-wa send location --to +919812345678 --latitude 12.9716 --longitude 77.5946 --name 'Kaleyra'",
    run: (c, v, call) =>
      c.v2Messages.sendLocation(
        { ...v2Common(v), latitude: num(v, 'latitude'), longitude: num(v, 'longitude'), ...(str(v, 'name') ? { name: str(v, 'name')! } : {}), ...(str(v, 'address') ? { address: str(v, 'address')! } : {}) },
        call,
      ),
  },
  {
    api: 'v2', name: 'contacts', summary: 'contact cards (Meta contact objects as JSON)',
    options: { ...TO, contacts: { type: 'string', description: 'JSON array of contacts' }, ...REFS },
    example: `kaleyra-wa send contacts --to +919812345678 --contacts '[{"name":{"formatted_name":"Jane Doe","first_name":"Jane"},"phones":[{"phone":"+919876543210","type":"WORK"}]}]'`,
    run: (c, v, call) => c.v2Messages.sendContacts({ ...v2Common(v), contacts: json(v, 'contacts') }, call),
  },
  {
    api: 'v2', name: 'interactive', summary: 'buttons, a list, a CTA URL, a flow... (Meta interactive object as JSON)',
    options: { ...TO, interactive: { type: 'string', description: 'JSON interactive object' }, ...REFS },
    example: `kaleyra-wa send interactive --to +919812345678 --interactive '{"type":"button","body":{"text":"Confirm?"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}}]}}'`,
    run: (c, v, call) => c.v2Messages.sendInteractive({ ...v2Common(v), interactive: json(v, 'interactive') }, call),
  },
  {
    api: 'v2', name: 'template', summary: 'an approved template',
    options: { ...TO, name: { type: 'string', description: 'template name' }, language: { type: 'string', description: 'language code, e.g. en' }, components: { type: 'string', description: 'JSON array of components' }, ...REFS },
    example: `kaleyra-wa send template --to +919812345678 --name order_update --language en --components '[{"type":"body","parameters":[{"type":"text","text":"42"}]}]'`,
    run: (c, v, call) =>
      c.v2Messages.sendTemplate({ ...v2Common(v), name: need(v, 'name'), language: need(v, 'language'), ...(str(v, 'components') !== undefined ? { components: json(v, 'components') } : {}) }, call),
  },
  {
    api: 'v2', name: 'reaction', summary: 'an emoji reaction to a message',
    options: { ...TO, 'message-id': { type: 'string', description: 'message reacted to' }, emoji: { type: 'string', description: 'the emoji' }, ...REFS },
    example: 'kaleyra-wa send reaction --to +919812345678 --message-id wamid.HBgM... --emoji 👍',
    run: (c, v, call) => c.v2Messages.sendReaction({ ...v2Common(v), messageId: need(v, 'message-id'), emoji: need(v, 'emoji') }, call),
  },
  {
    api: 'v2', name: 'reply', summary: 'a text reply quoting a message',
    options: { ...TO, 'message-id': { type: 'string', description: 'message replied to' }, body: { type: 'string', description: 'the text' }, ...REFS },
    example: "kaleyra-wa send reply --to +919812345678 --message-id wamid.HBgM... --body 'Thanks!'",
    run: (c, v, call) => c.v2Messages.reply({ ...v2Common(v), messageId: need(v, 'message-id'), body: need(v, 'body') }, call),
  },
  {
    api: 'v2', name: 'read', summary: 'a read receipt for an incoming message',
    options: { 'message-id': { type: 'string', description: 'incoming message id' } },
    example: 'kaleyra-wa send read --message-id wamid.HBgM...',
    run: (c, v, call) => c.v2Messages.markAsRead({ messageId: need(v, 'message-id'), ...(str(v, 'from') !== undefined ? { from: str(v, 'from')! } : {}) }, call),
  },
  {
    api: 'v2', name: 'order-details', summary: 'an order details bill, paid in WhatsApp (India payments)',
    options: {
      ...TO,
      body: { type: 'string', description: 'the message text (max 1024)' },
      footer: { type: 'string', description: 'small text under the body (max 60)' },
      'reference-id': { type: 'string', description: 'your order id (max 35: letters, digits, _ - .)' },
      'goods-type': { type: 'string', description: 'digital-goods or physical-goods' },
      payment: { type: 'string', description: 'JSON payment setting (payment_gateway or payment_link)' },
      items: { type: 'string', description: 'JSON array of items (retailer_id, name, amount, quantity; amounts in paise, offset 100)' },
      tax: { type: 'string', description: 'tax in paise' },
      shipping: { type: 'string', description: 'shipping in paise' },
      discount: { type: 'string', description: 'discount in paise' },
      ...REFS,
    },
    example: `kaleyra-wa send order-details --to +919812345678 --body 'Your order is ready to pay' --reference-id order-42 --goods-type physical-goods --payment '{"type":"payment_gateway","payment_gateway":{"type":"razorpay","configuration_name":"main-config"}}' --items '[{"retailer_id":"chai-250","name":"Masala chai","amount":{"value":25000,"offset":100},"quantity":2}]' --tax 2500`,
    run: (c, v, call) => {
      const paise = (name: string) => (str(v, name) !== undefined ? { [name]: { value: num(v, name), offset: 100 as const } } : {});
      return c.v2Messages.sendOrderDetails(
        {
          ...v2Common(v),
          body: need(v, 'body'),
          ...(str(v, 'footer') !== undefined ? { footer: str(v, 'footer')! } : {}),
          referenceId: need(v, 'reference-id'),
          goodsType: oneOf(v, 'goods-type', ['digital-goods', 'physical-goods']),
          payment: json(v, 'payment'),
          items: json(v, 'items'),
          ...paise('tax'),
          ...paise('shipping'),
          ...paise('discount'),
        },
        call,
      );
    },
  },
  {
    api: 'v2', name: 'order-status', summary: 'a new status for an order details bill (India payments)',
    options: {
      ...TO,
      body: { type: 'string', description: 'the message text (max 1024)' },
      footer: { type: 'string', description: 'small text under the body (max 60)' },
      'reference-id': { type: 'string', description: 'the order id of the bill' },
      status: { type: 'string', description: 'pending, processing, partially_shipped, shipped, completed or canceled' },
      description: { type: 'string', description: 'why the status changed (max 120)' },
      ...REFS,
    },
    example: "kaleyra-wa send order-status --to +919812345678 --body 'Your order has shipped' --reference-id order-42 --status shipped",
    run: (c, v, call) =>
      c.v2Messages.sendOrderStatus(
        {
          ...v2Common(v),
          body: need(v, 'body'),
          ...(str(v, 'footer') !== undefined ? { footer: str(v, 'footer')! } : {}),
          referenceId: need(v, 'reference-id'),
          status: oneOf(v, 'status', ['pending', 'processing', 'partially_shipped', 'shipped', 'completed', 'canceled']),
          ...(str(v, 'description') !== undefined ? { description: str(v, 'description')! } : {}),
        },
        call,
      ),
  },
  {
    api: 'v1', name: 'text', summary: 'a v1 text message',
    options: { ...TO, body: { type: 'string', description: 'the text' }, 'preview-url': { type: 'boolean', description: 'preview the first link' }, ...CALLBACK },
    example: "kaleyra-wa send text --api v1 --to +919812345678 --body 'Hello'",
    run: (c, v, call) => c.v1Messages.sendText({ ...v1Common(v), body: need(v, 'body'), ...(v['preview-url'] ? { previewUrl: true } : {}) }, call),
  },
  {
    api: 'v1', name: 'template', summary: 'a v1 text template',
    options: { ...TO, 'template-name': { type: 'string', description: 'template name' }, param: { type: 'string', multiple: true, description: 'a body variable (repeat in order)' }, 'lang-code': { type: 'string', description: 'language, e.g. en' }, ...CALLBACK },
    example: 'kaleyra-wa send template --api v1 --to +919812345678 --template-name booking_confirm --param John --param Doe',
    run: (c, v, call) =>
      c.v1Messages.sendTemplate({ ...v1Common(v), templateName: need(v, 'template-name'), ...(list(v, 'param') ? { params: list(v, 'param')! } : {}), ...(str(v, 'lang-code') ? { langCode: str(v, 'lang-code')! } : {}) }, call),
  },
  {
    api: 'v1', name: 'media', summary: 'a v1 media message (a file or a URL)',
    options: { ...TO, file: { type: 'string', description: 'path of the file to attach' }, 'media-url': { type: 'string', description: 'public URL of the file' }, caption: { type: 'string', description: 'caption (max 1024)' }, ...CALLBACK },
    example: 'kaleyra-wa send media --api v1 --to +919812345678 --file ./photo.png --caption Hello',
    files: v1FileMap,
    run: async (c, v, call) => {
      const file = await v1File(v);
      return c.v1Messages.sendMedia({ ...v1Common(v), ...(file ? { media: file } : {}), ...(str(v, 'media-url') ? { mediaUrl: str(v, 'media-url')! } : {}), ...(str(v, 'caption') !== undefined ? { caption: str(v, 'caption')! } : {}) }, call);
    },
  },
  {
    api: 'v1', name: 'media-template', summary: 'a v1 media template (header media, buttons)',
    options: {
      ...TO,
      'template-name': { type: 'string', description: 'template name' },
      param: { type: 'string', multiple: true, description: 'a body variable (repeat in order)' },
      file: { type: 'string', description: 'header media file' },
      'media-url': { type: 'string', description: 'header media URL' },
      'param-url': { type: 'string', description: 'first dynamic URL button variable' },
      'second-param-url': { type: 'string', description: 'second dynamic URL button variable' },
      ...CALLBACK,
    },
    example: 'kaleyra-wa send media-template --api v1 --to +919812345678 --template-name Booking_confirm --param John --param Doe --param-url login/abc',
    files: v1FileMap,
    run: async (c, v, call) => {
      const file = await v1File(v);
      return c.v1Messages.sendMediaTemplate(
        {
          ...v1Common(v),
          templateName: need(v, 'template-name'),
          ...(list(v, 'param') ? { params: list(v, 'param')! } : {}),
          ...(file ? { media: file } : {}),
          ...(str(v, 'media-url') ? { mediaUrl: str(v, 'media-url')! } : {}),
          ...(str(v, 'param-url') ? { paramUrl: str(v, 'param-url')! } : {}),
          ...(str(v, 'second-param-url') ? { secondParamUrl: str(v, 'second-param-url')! } : {}),
        },
        call,
      );
    },
  },
];

export function findSendKind(api: string, name: string): SendKind | undefined {
  return SEND_KINDS.find((kind) => kind.api === api && kind.name === name);
}
