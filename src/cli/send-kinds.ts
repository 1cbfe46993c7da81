import {
  GOODS_TYPES,
  ORDER_STATUSES,
  type CallOptions,
  type KaleyraClient,
  type TemplateParameters,
  type V1SendOptions,
  type V2ContactsOptions,
  type V2ExtraInfo,
  type V2InteractiveOptions,
  type V2OrderDetailsOptions,
  type V2MediaSource,
  type V2SendOptions,
  type V2TemplateOptions,
} from '../index.js';
import { openFile } from './open-file.js';
import { FlagError } from './usage-error.js';

/** Flag values as node:util parseArgs gives them. */
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  multiple?: boolean;
  /** Shown as "(required)" in the help; `need` enforces it when the kind runs. */
  required?: boolean;
}

export interface SendKind {
  api: 'v1' | 'v2';
  name: string;
  /** What is sent, as a noun phrase without the API version ("a text message"). */
  summary: string;
  options: Record<string, OptionSpec>;
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
  if (value === undefined || value === '') throw new FlagError(`--${name} is required`);
  return value;
};

const num = (values: Values, name: string): number => {
  const value = Number(need(values, name));
  if (!Number.isFinite(value)) throw new FlagError(`--${name} must be a number`);
  return value;
};

const list = (values: Values, name: string): string[] | undefined => {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses a JSON flag and checks its outer shape; the SDK checks the documented rules and the
 * server the rest, so the shape check only turns "not JSON" and "not an array" into usage errors.
 */
function parseJson<T>(
  values: Values,
  name: string,
  isShape: (value: unknown) => value is T,
  shape: string,
): T {
  const text = need(values, name);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FlagError(`--${name} must be JSON`);
  }
  if (!isShape(value)) throw new FlagError(`--${name} must be ${shape}`);
  return value;
}

const isContacts = (value: unknown): value is V2ContactsOptions['contacts'] =>
  Array.isArray(value) && value.every(isRecord);
const isInteractive = (value: unknown): value is V2InteractiveOptions['interactive'] =>
  isRecord(value) && typeof value.type === 'string';
const isComponents = (value: unknown): value is NonNullable<V2TemplateOptions['components']> =>
  Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.type === 'string');

// Numbers are checked by the SDK (src/validation/phone-number.ts): the same rule as every entry point.
/** A value from a fixed set, typed as that set (the SDK checks it again, naming the field). */
const oneOf = <T extends string>(values: Values, name: string, allowed: readonly T[]): T => {
  const value = need(values, name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new FlagError(`--${name} must be one of ${allowed.join(', ')}`);
  return found;
};

const isPayment = (value: unknown): value is V2OrderDetailsOptions['payment'] =>
  isRecord(value) && typeof value.type === 'string';
const isItems = (value: unknown): value is V2OrderDetailsOptions['items'] =>
  Array.isArray(value) && value.every(isRecord);

function media(values: Values): V2MediaSource {
  const id = str(values, 'media-id');
  const link = str(values, 'link');
  if (id !== undefined && link === undefined) return { id };
  if (link !== undefined && id === undefined) return { link };
  throw new FlagError('give exactly one of --media-id or --link');
}

function v2Common(values: Values): V2SendOptions {
  const extraInfo: V2ExtraInfo = {
    ref: str(values, 'ref'),
    ref1: str(values, 'ref1'),
    ref2: str(values, 'ref2'),
    callbackProfileId: str(values, 'callback-profile-id'),
  };
  const given = Object.values(extraInfo).some((value) => value !== undefined);
  return { to: need(values, 'to'), from: str(values, 'from'), extraInfo: given ? extraInfo : undefined };
}

function v1Common(values: Values): V1SendOptions {
  return {
    to: need(values, 'to'),
    from: str(values, 'from'),
    callbackUrl: str(values, 'callback-url'),
    callbackProfileId: str(values, 'callback-profile-id'),
    ref: str(values, 'ref'),
    ref1: str(values, 'ref1'),
    ref2: str(values, 'ref2'),
  };
}

const NAMED_PARAM = /^([a-z0-9_]+)=(.*)$/s;

/**
 * v2 `--param`: all by position (`--param John --param 42` fills {{1}}, {{2}}) or all by name
 * (`--param customer=John`, for templates created with named variables). A value is named when it
 * starts with a lower-case variable name and `=`; mixing the two forms is refused.
 */
export function templateBody(params: readonly string[]): TemplateParameters['body'] {
  const named = params.map((param) => NAMED_PARAM.exec(param));
  if (named.every((match) => match === null)) return params;
  if (named.some((match) => match === null)) {
    throw new FlagError('--param: give every value by position, or every value as name=value, not both');
  }
  const body: Record<string, string> = {};
  for (const match of named) {
    const [, name = '', value = ''] = match ?? [];
    if (name in body) throw new FlagError(`--param: ${name} is given twice`);
    body[name] = value;
  }
  return body;
}

function templateOptions(values: Values): Pick<V2TemplateOptions, 'components' | 'parameters'> {
  const params = list(values, 'param');
  const components = str(values, 'components');
  if (params && components !== undefined) throw new FlagError('give --param or --components, not both');
  if (params) return { parameters: { body: templateBody(params) } };
  if (components !== undefined)
    return { components: parseJson(values, 'components', isComponents, 'a JSON array of components') };
  return {};
}

const TO_V2 = {
  to: { type: 'string', required: true, description: 'recipient: + and the country code' },
} as const;
const TO_V1 = {
  to: {
    type: 'string',
    required: true,
    description: 'recipients: + and the country code, several comma-separated',
  },
} as const;
const REFS = {
  ref: { type: 'string', description: 'your reference, echoed in callbacks (max 255)' },
  ref1: { type: 'string', description: 'second reference' },
  ref2: { type: 'string', description: 'third reference' },
  'callback-profile-id': {
    type: 'string',
    description: "callback profile that receives this message's statuses",
  },
} as const;
const V1_CALLBACK = {
  'callback-url': { type: 'string', description: 'status callback URL (whitelisted)' },
  ...REFS,
} as const;
const MEDIA = {
  'media-id': { type: 'string', description: 'id of an uploaded media file (this or --link)' },
  link: { type: 'string', description: 'public URL of the media file (this or --media-id)' },
} as const;
const CAPTION = { caption: { type: 'string', description: 'caption (max 1024)' } } as const;

async function v1File(values: Values) {
  const path = str(values, 'file');
  return path === undefined ? undefined : { file: await openFile(path) };
}

function v1FileMap(values: Values): Map<string, string> {
  const path = str(values, 'file');
  return new Map(path ? [[path.split('/').pop() ?? path, path]] : []);
}

function captionedKind(kind: 'image' | 'video'): SendKind {
  const method = kind === 'image' ? 'sendImage' : 'sendVideo';
  return {
    api: 'v2',
    name: kind,
    summary: `${kind === 'image' ? 'an image' : 'a video'} with an optional caption`,
    options: { ...TO_V2, ...MEDIA, ...CAPTION, ...REFS },
    example: `kaleyra-wa send ${kind} --to +919812345678 --link https://example.com/a.${kind === 'image' ? 'png' : 'mp4'} --caption Hello`,
    run: (c, v, call) =>
      c.v2Messages[method]({ ...v2Common(v), media: media(v), caption: str(v, 'caption') }, call),
  };
}

function plainMediaKind(kind: 'audio' | 'sticker'): SendKind {
  const method = kind === 'audio' ? 'sendAudio' : 'sendSticker';
  return {
    api: 'v2',
    name: kind,
    summary: kind === 'audio' ? 'an audio file' : 'a sticker',
    options: { ...TO_V2, ...MEDIA, ...REFS },
    example: `kaleyra-wa send ${kind} --to +919812345678 --media-id 1479123456789537`,
    run: (c, v, call) => c.v2Messages[method]({ ...v2Common(v), media: media(v) }, call),
  };
}

const CONTACTS_EXAMPLE = `'[{"name":{"formatted_name":"Jane Doe","first_name":"Jane"},"phones":[{"phone":"+919876543210"}]}]'`;
const INTERACTIVE_EXAMPLE = `'{"type":"button","body":{"text":"Confirm?"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}}]}}'`;

export const SEND_KINDS: readonly SendKind[] = [
  {
    api: 'v2',
    name: 'text',
    summary: 'a text message',
    options: {
      ...TO_V2,
      body: { type: 'string', required: true, description: 'the text (max 4096)' },
      'preview-url': { type: 'boolean', description: 'preview the first link' },
      ...REFS,
    },
    example: "kaleyra-wa send text --to +919812345678 --body 'Your order has shipped'",
    run: (c, v, call) =>
      c.v2Messages.sendText(
        { ...v2Common(v), body: need(v, 'body'), previewUrl: v['preview-url'] === true },
        call,
      ),
  },
  captionedKind('image'),
  captionedKind('video'),
  plainMediaKind('audio'),
  plainMediaKind('sticker'),
  {
    api: 'v2',
    name: 'document',
    summary: 'a document with a file name and caption',
    options: {
      ...TO_V2,
      ...MEDIA,
      ...CAPTION,
      filename: { type: 'string', description: 'name shown to the recipient' },
      ...REFS,
    },
    example:
      'kaleyra-wa send document --to +919812345678 --link https://example.com/invoice.pdf --filename invoice.pdf',
    run: (c, v, call) =>
      c.v2Messages.sendDocument(
        { ...v2Common(v), media: media(v), caption: str(v, 'caption'), filename: str(v, 'filename') },
        call,
      ),
  },
  {
    api: 'v2',
    name: 'location',
    summary: 'a map pin',
    options: {
      ...TO_V2,
      latitude: { type: 'string', required: true, description: '-90 to 90' },
      longitude: { type: 'string', required: true, description: '-180 to 180' },
      name: { type: 'string', description: 'place name' },
      address: { type: 'string', description: 'address' },
      ...REFS,
    },
    example:
      "kaleyra-wa send location --to +919812345678 --latitude 12.9716 --longitude 77.5946 --name 'Kaleyra'",
    run: (c, v, call) =>
      c.v2Messages.sendLocation(
        {
          ...v2Common(v),
          latitude: num(v, 'latitude'),
          longitude: num(v, 'longitude'),
          name: str(v, 'name'),
          address: str(v, 'address'),
        },
        call,
      ),
  },
  {
    api: 'v2',
    name: 'contacts',
    summary: 'contact cards (Meta contact objects as JSON)',
    options: {
      ...TO_V2,
      contacts: { type: 'string', required: true, description: 'JSON array of contacts' },
      ...REFS,
    },
    example: `kaleyra-wa send contacts --to +919812345678 --contacts ${CONTACTS_EXAMPLE}`,
    run: (c, v, call) =>
      c.v2Messages.sendContacts(
        { ...v2Common(v), contacts: parseJson(v, 'contacts', isContacts, 'a JSON array of objects') },
        call,
      ),
  },
  {
    api: 'v2',
    name: 'interactive',
    summary: 'buttons, a list, a CTA URL, a flow... (Meta interactive object as JSON)',
    options: {
      ...TO_V2,
      interactive: { type: 'string', required: true, description: 'JSON interactive object' },
      ...REFS,
    },
    example: `kaleyra-wa send interactive --to +919812345678 --interactive ${INTERACTIVE_EXAMPLE}`,
    run: (c, v, call) => {
      const interactive = parseJson(v, 'interactive', isInteractive, 'a JSON object with a "type"');
      return c.v2Messages.sendInteractive({ ...v2Common(v), interactive }, call);
    },
  },
  {
    api: 'v2',
    name: 'template',
    summary: 'an approved template',
    options: {
      ...TO_V2,
      name: { type: 'string', required: true, description: 'template name' },
      language: { type: 'string', required: true, description: 'language code, e.g. en' },
      param: {
        type: 'string',
        multiple: true,
        description: 'a body variable: by position (repeat in order) or name=value for named variables',
      },
      components: { type: 'string', description: 'JSON array of components (instead of --param)' },
      ...REFS,
    },
    example: 'kaleyra-wa send template --to +919812345678 --name order_update --language en --param 42',
    run: (c, v, call) =>
      c.v2Messages.sendTemplate(
        { ...v2Common(v), name: need(v, 'name'), language: need(v, 'language'), ...templateOptions(v) },
        call,
      ),
  },
  {
    api: 'v2',
    name: 'reaction',
    summary: 'an emoji reaction to a message',
    options: {
      ...TO_V2,
      'message-id': { type: 'string', required: true, description: 'message reacted to' },
      emoji: { type: 'string', required: true, description: 'the emoji' },
      ...REFS,
    },
    example: 'kaleyra-wa send reaction --to +919812345678 --message-id wamid.HBgM... --emoji 👍',
    run: (c, v, call) =>
      c.v2Messages.sendReaction(
        { ...v2Common(v), messageId: need(v, 'message-id'), emoji: need(v, 'emoji') },
        call,
      ),
  },
  {
    api: 'v2',
    name: 'reply',
    summary: 'a text reply quoting a message',
    options: {
      ...TO_V2,
      'message-id': { type: 'string', required: true, description: 'message replied to' },
      body: { type: 'string', required: true, description: 'the text' },
      ...REFS,
    },
    example: "kaleyra-wa send reply --to +919812345678 --message-id wamid.HBgM... --body 'Thanks!'",
    run: (c, v, call) =>
      c.v2Messages.reply({ ...v2Common(v), messageId: need(v, 'message-id'), body: need(v, 'body') }, call),
  },
  {
    api: 'v2',
    name: 'read',
    summary: 'a read receipt for an incoming message',
    options: { 'message-id': { type: 'string', required: true, description: 'incoming message id' } },
    example: 'kaleyra-wa send read --message-id wamid.HBgM...',
    run: (c, v, call) =>
      c.v2Messages.markAsRead({ messageId: need(v, 'message-id'), from: str(v, 'from') }, call),
  },
  {
    api: 'v2',
    name: 'order-details',
    summary: 'an order details bill, paid in WhatsApp (India payments)',
    options: {
      ...TO_V2,
      body: { type: 'string', required: true, description: 'the message text (max 1024)' },
      footer: { type: 'string', description: 'small text under the body (max 60)' },
      'reference-id': {
        type: 'string',
        required: true,
        description: 'your order id (max 35: letters, digits, _ - .)',
      },
      'goods-type': { type: 'string', required: true, description: GOODS_TYPES.join(' or ') },
      payment: {
        type: 'string',
        required: true,
        description: 'JSON payment setting (payment_gateway or payment_link)',
      },
      items: {
        type: 'string',
        required: true,
        description:
          'JSON array of items (retailer_id, name, amount, quantity; amounts in paise, offset 100)',
      },
      tax: { type: 'string', description: 'tax in paise' },
      shipping: { type: 'string', description: 'shipping in paise' },
      discount: { type: 'string', description: 'discount in paise' },
      ...REFS,
    },
    example: `kaleyra-wa send order-details --to +919812345678 --body 'Your order is ready to pay' --reference-id order-42 --goods-type physical-goods --payment '{"type":"payment_gateway","payment_gateway":{"type":"razorpay","configuration_name":"main-config"}}' --items '[{"retailer_id":"chai-250","name":"Masala chai","amount":{"value":25000,"offset":100},"quantity":2}]' --tax 2500`,
    run: (c, v, call) => {
      const paise = (name: string) =>
        str(v, name) !== undefined ? { [name]: { value: num(v, name), offset: 100 as const } } : {};
      return c.v2Messages.sendOrderDetails(
        {
          ...v2Common(v),
          body: need(v, 'body'),
          ...(str(v, 'footer') !== undefined ? { footer: need(v, 'footer') } : {}),
          referenceId: need(v, 'reference-id'),
          goodsType: oneOf(v, 'goods-type', GOODS_TYPES),
          payment: parseJson(v, 'payment', isPayment, 'a JSON object with a type'),
          items: parseJson(v, 'items', isItems, 'a JSON array of objects'),
          ...paise('tax'),
          ...paise('shipping'),
          ...paise('discount'),
        },
        call,
      );
    },
  },
  {
    api: 'v2',
    name: 'order-status',
    summary: 'a new status for an order details bill (India payments)',
    options: {
      ...TO_V2,
      body: { type: 'string', required: true, description: 'the message text (max 1024)' },
      footer: { type: 'string', description: 'small text under the body (max 60)' },
      'reference-id': { type: 'string', required: true, description: 'the order id of the bill' },
      status: {
        type: 'string',
        required: true,
        description: ORDER_STATUSES.join(', '),
      },
      description: { type: 'string', description: 'why the status changed (max 120)' },
      ...REFS,
    },
    example:
      "kaleyra-wa send order-status --to +919812345678 --body 'Your order has shipped' --reference-id order-42 --status shipped",
    run: (c, v, call) =>
      c.v2Messages.sendOrderStatus(
        {
          ...v2Common(v),
          body: need(v, 'body'),
          ...(str(v, 'footer') !== undefined ? { footer: need(v, 'footer') } : {}),
          referenceId: need(v, 'reference-id'),
          status: oneOf(v, 'status', ORDER_STATUSES),
          ...(str(v, 'description') !== undefined ? { description: need(v, 'description') } : {}),
        },
        call,
      ),
  },
  {
    api: 'v1',
    name: 'text',
    summary: 'a text message',
    options: {
      ...TO_V1,
      body: { type: 'string', required: true, description: 'the text' },
      'preview-url': { type: 'boolean', description: 'preview the first link' },
      ...V1_CALLBACK,
    },
    example: "kaleyra-wa send text --api v1 --to +919812345678 --body 'Hello'",
    run: (c, v, call) =>
      c.v1Messages.sendText(
        { ...v1Common(v), body: need(v, 'body'), previewUrl: v['preview-url'] === true ? true : undefined },
        call,
      ),
  },
  {
    api: 'v1',
    name: 'template',
    summary: 'a text template',
    options: {
      ...TO_V1,
      'template-name': { type: 'string', required: true, description: 'template name' },
      param: { type: 'string', multiple: true, description: 'a body variable (repeat in order)' },
      'lang-code': { type: 'string', description: 'language, e.g. en' },
      ...V1_CALLBACK,
    },
    example:
      'kaleyra-wa send template --api v1 --to +919812345678 --template-name booking_confirm --param John --param Doe',
    run: (c, v, call) =>
      c.v1Messages.sendTemplate(
        {
          ...v1Common(v),
          templateName: need(v, 'template-name'),
          params: list(v, 'param'),
          langCode: str(v, 'lang-code'),
        },
        call,
      ),
  },
  {
    api: 'v1',
    name: 'media',
    summary: 'a media message (a file or a URL)',
    options: {
      ...TO_V1,
      file: { type: 'string', description: 'path of the file to attach (this or --media-url)' },
      'media-url': { type: 'string', description: 'public URL of the file (this or --file)' },
      ...CAPTION,
      ...V1_CALLBACK,
    },
    example: 'kaleyra-wa send media --api v1 --to +919812345678 --file ./photo.png --caption Hello',
    files: v1FileMap,
    run: async (c, v, call) => {
      const media = await v1File(v);
      return c.v1Messages.sendMedia(
        { ...v1Common(v), media, mediaUrl: str(v, 'media-url'), caption: str(v, 'caption') },
        call,
      );
    },
  },
  {
    api: 'v1',
    name: 'media-template',
    summary: 'a media template (header media, buttons)',
    options: {
      ...TO_V1,
      'template-name': { type: 'string', required: true, description: 'template name' },
      param: { type: 'string', multiple: true, description: 'a body variable (repeat in order)' },
      file: { type: 'string', description: 'header media file' },
      'media-url': { type: 'string', description: 'header media URL' },
      'param-url': { type: 'string', description: 'first dynamic URL button variable' },
      'second-param-url': { type: 'string', description: 'second dynamic URL button variable' },
      ...V1_CALLBACK,
    },
    example:
      'kaleyra-wa send media-template --api v1 --to +919812345678 --template-name Booking_confirm --param John --param-url login/abc',
    files: v1FileMap,
    run: async (c, v, call) => {
      const media = await v1File(v);
      return c.v1Messages.sendMediaTemplate(
        {
          ...v1Common(v),
          templateName: need(v, 'template-name'),
          params: list(v, 'param'),
          media,
          mediaUrl: str(v, 'media-url'),
          paramUrl: str(v, 'param-url'),
          secondParamUrl: str(v, 'second-param-url'),
        },
        call,
      );
    },
  },
];

export function findSendKind(api: string, name: string): SendKind | undefined {
  return SEND_KINDS.find((kind) => kind.api === api && kind.name === name);
}
