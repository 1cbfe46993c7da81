import type { Client } from 'openapi-fetch';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertRequiredText } from '../validation/required.js';
import { assertCaption } from '../validation/caption.js';
import { assertPhoneNumber } from '../validation/phone-number.js';
import type { CallOptions, ResolvedClientOptions } from './options.js';
import { sendWithPolicy } from './policy-fetch.js';
import type { V2Paths } from './raw-clients.js';
import { textBody } from './request-body.js';
import { mediaSource, type V2MediaSource } from './media-source.js';
import type { Schemas } from './schemas.js';
import { resolveSender } from './sender.js';
import { buildV2TemplateComponents, type TemplateParameters } from './template-parameters.js';
import { orderDetailsInteractive, orderStatusInteractive, type OrderDetailsContent, type OrderStatusContent } from './order-messages.js';

/** `extra_info` in camelCase. `ref`s over 255 characters are refused here: the server would cut them. */
export interface V2ExtraInfo {
  ref?: string;
  ref1?: string;
  ref2?: string;
  /** Where the send comes from (`api`, `zoho`, ...); the server turns unknown values into `api`. */
  waSource?: string;
  callbackProfileId?: string;
}

export interface V2SendOptions {
  /** Recipient, E.164 (`+919876543210`). */
  to: string;
  /** Business number to send from; default: the client's `from`. */
  from?: string;
  extraInfo?: V2ExtraInfo;
  /** Quote this earlier message (its WhatsApp message id): the message is sent as a reply. */
  replyTo?: string;
}

export type { V2MediaSource } from './media-source.js';

export interface V2CaptionedMediaOptions extends V2SendOptions {
  media: V2MediaSource;
  /** At most 1024 characters. */
  caption?: string;
}
export interface V2DocumentOptions extends V2CaptionedMediaOptions {
  /** The file name the recipient sees. */
  filename?: string;
}
export interface V2MediaOptions extends V2SendOptions {
  media: V2MediaSource;
}
export interface V2TextOptions extends V2SendOptions {
  body: string;
  /** Render a preview of the first URL in `body`. */
  previewUrl?: boolean;
}
export interface V2LocationOptions extends V2SendOptions {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}
export interface V2ContactsOptions extends V2SendOptions {
  /** Meta's contact objects, 1 to 5 (Meta's limit; see V2ContactsMessage in the spec). */
  contacts: Schemas['V2Contact'][];
}
export interface V2InteractiveOptions extends V2SendOptions {
  /** Meta's interactive object: reply buttons, list, CTA URL, flow, location request, catalog, products. */
  interactive: Schemas['V2InteractiveObject'];
}
export interface V2TemplateOptions extends V2SendOptions {
  /** The approved template's name. */
  name: string;
  /** Language code (`en`, `en_US`) or Meta's language object. */
  language: string | Schemas['V2TemplateLanguage'];
  /** Meta's component objects, as is. */
  components?: Schemas['V2TemplateObject']['components'];
  /** Or the variables by name or position, turned into components for you (not with `components`). */
  parameters?: TemplateParameters;
}
export interface V2ReactionOptions extends Omit<V2SendOptions, 'replyTo'> {
  /** The message reacted to. */
  messageId: string;
  /** One emoji; an empty string removes an earlier reaction. */
  emoji: string;
}
export interface V2ReplyOptions extends Omit<V2SendOptions, 'replyTo'> {
  /** The message replied to. */
  messageId: string;
  body: string;
  previewUrl?: boolean;
}
/** An order details message (India payments): see `OrderDetailsContent`. */
export interface V2OrderDetailsOptions extends V2SendOptions, OrderDetailsContent {}

/** An order status message (India payments): see `OrderStatusContent`. */
export interface V2OrderStatusOptions extends V2SendOptions, OrderStatusContent {}

export interface V2MarkAsReadOptions {
  messageId: string;
  from?: string;
}

export type V2SendMessageResponse = Schemas['V2SendMessageResponse'];

const MAX_REF = 255;
const MAX_TEXT = 4096;
/** V2ContactsMessage.contacts maxItems: Meta's 5, not the 257 of Kaleyra's page (the Cloud API applies its own limit). */
const MAX_CONTACTS = 5;

type Common = Pick<Schemas['V2TextMessage'], 'messaging_product' | 'recipient_type' | 'to' | 'context'>;

/**
 * v2 sends, one method per message kind. Each fills in `messaging_product`, `recipient_type` and
 * `type`, checks the documented rules, and sends through the typed client. Every method is async, so
 * a validation failure arrives as a rejected promise like any other failure.
 */
export class V2Messages {
  constructor(
    private readonly client: Client<V2Paths>,
    private readonly options: ResolvedClientOptions,
  ) {}

  async sendText(message: V2TextOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertText('body', message.body);
    return this.send(message, { ...this.common(message), type: 'text', text: textObject(message.body, message.previewUrl) }, call);
  }

  async sendImage(message: V2CaptionedMediaOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    return this.send(message, { ...this.common(message), type: 'image', image: captioned('image', message) }, call);
  }

  async sendVideo(message: V2CaptionedMediaOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    return this.send(message, { ...this.common(message), type: 'video', video: captioned('video', message) }, call);
  }

  async sendAudio(message: V2MediaOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    return this.send(message, { ...this.common(message), type: 'audio', audio: mediaSource('audio', message.media) }, call);
  }

  async sendDocument(message: V2DocumentOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    const document = captioned('document', message) as Schemas['V2DocumentObject'];
    if (message.filename !== undefined) document.filename = message.filename;
    return this.send(message, { ...this.common(message), type: 'document', document }, call);
  }

  async sendSticker(message: V2MediaOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    return this.send(message, { ...this.common(message), type: 'sticker', sticker: mediaSource('sticker', message.media) }, call);
  }

  async sendLocation(message: V2LocationOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertCoordinate('latitude', message.latitude, 90);
    assertCoordinate('longitude', message.longitude, 180);
    const location: Schemas['V2LocationObject'] = { latitude: message.latitude, longitude: message.longitude };
    if (message.name !== undefined) location.name = message.name;
    if (message.address !== undefined) location.address = message.address;
    return this.send(message, { ...this.common(message), type: 'location', location }, call);
  }

  async sendContacts(message: V2ContactsOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    if (!Array.isArray(message.contacts) || message.contacts.length < 1 || message.contacts.length > MAX_CONTACTS) {
      throw new KaleyraValidationError({ field: 'contacts', rule: 'count', message: `must hold 1 to ${MAX_CONTACTS} contacts` });
    }
    return this.send(message, { ...this.common(message), type: 'contacts', contacts: message.contacts }, call);
  }

  async sendInteractive(message: V2InteractiveOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    if (message.interactive === null || typeof message.interactive !== 'object') {
      throw new KaleyraValidationError({ field: 'interactive', rule: 'required', message: 'must be an interactive object' });
    }
    return this.send(message, { ...this.common(message), type: 'interactive', interactive: message.interactive }, call);
  }

  async sendTemplate(message: V2TemplateOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertRequiredText('name', message.name, 'the approved template name');
    const language = typeof message.language === 'string' ? { code: message.language } : message.language;
    if (!language || typeof language.code !== 'string' || language.code === '') {
      throw new KaleyraValidationError({ field: 'language', rule: 'required', message: 'must be a language code such as en or en_US' });
    }
    if (message.components !== undefined && message.parameters !== undefined) {
      throw new KaleyraValidationError({ field: 'parameters', rule: 'exclusive', message: 'give components or parameters, not both' });
    }
    const template: Schemas['V2TemplateObject'] = { name: message.name, language };
    const components = message.parameters ? buildV2TemplateComponents(message.parameters) : message.components;
    if (components !== undefined) template.components = components;
    return this.send(message, { ...this.common(message), type: 'template', template }, call);
  }

  async sendReaction(message: V2ReactionOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
    if (typeof message.emoji !== 'string') {
      throw new KaleyraValidationError({ field: 'emoji', rule: 'string', message: 'must be an emoji, or "" to remove a reaction' });
    }
    return this.send(message, { ...this.common(message), type: 'reaction', reaction: { message_id: message.messageId, emoji: message.emoji } }, call);
  }

  /**
   * An order details message (India payments, Meta's Payments API): a bill the user pays without
   * leaving WhatsApp. The subtotal and total are computed from the items and charges; the order is
   * checked against Meta's rules before anything is sent.
   */
  async sendOrderDetails(message: V2OrderDetailsOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    const common = this.common(message);
    return this.send(message, { ...common, type: 'interactive', interactive: orderDetailsInteractive(message) }, call);
  }

  /** An order status message: the new status of the order an earlier order details message billed. */
  async sendOrderStatus(message: V2OrderStatusOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    const common = this.common(message);
    return this.send(message, { ...common, type: 'interactive', interactive: orderStatusInteractive(message) }, call);
  }

  /** A text message quoting an earlier one (within the 24-hour customer service window). */
  async reply(message: V2ReplyOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
    return this.sendText({ ...message, replyTo: message.messageId }, call);
  }

  /** Marks an incoming message (and every earlier one) as read. */
  async markAsRead(message: V2MarkAsReadOptions, call?: CallOptions): Promise<V2SendMessageResponse> {
    assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
    const receipt: Schemas['V2ReadReceipt'] = { messaging_product: 'whatsapp', status: 'read', message_id: message.messageId };
    return this.post(resolveSender(message.from, this.options.from), { messaging_object: receipt }, call);
  }

  private common(message: V2SendOptions): Common {
    assertPhoneNumber('to', message.to);
    const common: Common = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to };
    if (message.replyTo !== undefined) {
      assertRequiredText('replyTo', message.replyTo, 'a WhatsApp message id');
      common.context = { message_id: message.replyTo };
    }
    return common;
  }

  private send(message: V2SendOptions, messagingObject: Schemas['V2Message'], call: CallOptions | undefined) {
    const body: Schemas['V2SendMessageRequest'] = { messaging_object: messagingObject };
    const extraInfo = toExtraInfo(message.extraInfo);
    if (extraInfo) body.extra_info = extraInfo;
    return this.post(resolveSender(message.from, this.options.from), body, call);
  }

  private async post(phoneNumber: string, body: Schemas['V2SendMessageRequest'], call: CallOptions | undefined): Promise<V2SendMessageResponse> {
    const json = textBody(JSON.stringify(body), 'application/json');
    const { data } = await this.client.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: this.options.sid, phone_number: phoneNumber } },
      body,
      ...sendWithPolicy(this.options, call, json, { expectBody: true }),
    });
    return data as V2SendMessageResponse;
  }
}

function textObject(body: string, previewUrl: boolean | undefined): Schemas['V2TextObject'] {
  const text: Schemas['V2TextObject'] = { body };
  if (previewUrl !== undefined) text.preview_url = previewUrl;
  return text;
}


function captioned(field: 'image' | 'video' | 'document', message: V2CaptionedMediaOptions) {
  const media: { id: string; caption?: string } | { link: string; caption?: string } = mediaSource(field, message.media);
  if (message.caption !== undefined) {
    assertCaption('caption', message.caption);
    media.caption = message.caption;
  }
  return media;
}

function toExtraInfo(extra: V2ExtraInfo | undefined): Schemas['V2ExtraInfo'] | undefined {
  if (extra === undefined) return undefined;
  const out: Schemas['V2ExtraInfo'] = {};
  for (const key of ['ref', 'ref1', 'ref2'] as const) {
    const value = extra[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || [...value].length > MAX_REF) {
      throw new KaleyraValidationError({ field: `extraInfo.${key}`, rule: 'max-length', message: `must be a string of at most ${MAX_REF} characters (the server would cut it)` });
    }
    out[key] = value;
  }
  if (extra.waSource !== undefined) out.wa_source = extra.waSource;
  if (extra.callbackProfileId !== undefined) out.callback_profile_id = extra.callbackProfileId;
  return out;
}

function assertText(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > MAX_TEXT) {
    throw new KaleyraValidationError({ field, rule: 'text', message: `must be non-empty text of at most ${MAX_TEXT} characters` });
  }
}


function assertCoordinate(field: string, value: unknown, limit: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new KaleyraValidationError({ field, rule: 'range', message: `must be a number from -${limit} to ${limit}` });
  }
}
