import type { CallOptions } from '../core/call-options.js';
import type { KaleyraPromise, WithResponse } from '../core/api-promise.js';
import type { RequestCore } from '../core/request-core.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertRequiredText, assertTextId } from '../validation/required.js';
import { SPEC_LIMITS } from '../../generated/spec-limits.js';
import { assertCaption, captionLength } from '../validation/caption.js';
import { assertPhoneNumber } from '../validation/phone-number.js';
import { mediaSource, type V2MediaSource } from './media-source.js';
import type { Schemas } from './schemas.js';
import { resolveSender } from './sender.js';
import { buildV2TemplateComponents, type TemplateParameters } from './template-parameters.js';
import {
  orderDetailsInteractive,
  orderStatusInteractive,
  type OrderDetailsContent,
  type OrderStatusContent,
} from './order-messages.js';

/** An outgoing message with its `type`: the members of `messaging_object` other than the untyped text and the read receipt. */
type TypedMessage = Extract<Schemas['V2MessagingObject'], { type: string }>;

/** `extra_info` in camelCase. `ref`s over 255 characters are refused here: the server would cut them. */
export interface V2ExtraInfo {
  /** Your reference, echoed in status callbacks (at most 255 characters). */
  ref?: string;
  /** A second reference (at most 255 characters). */
  ref1?: string;
  /** A third reference (at most 255 characters). */
  ref2?: string;
  /** Where the send comes from (`api`, `zoho`, ...); the server turns unknown values into `api`. */
  waSource?: string;
  /** The callback profile that receives this message's status. */
  callbackProfileId?: string;
}

export interface V2SendOptions {
  /** Recipient, E.164 (`+919876543210`). */
  to: string;
  /** Business number to send from; default: the client's `from`. */
  from?: string;
  /** Kaleyra's extras: references, source, callback profile. */
  extraInfo?: V2ExtraInfo;
  /** Quote this earlier message (its WhatsApp message id): the message is sent as a reply. */
  replyTo?: string;
}

export type { V2MediaSource } from './media-source.js';

export interface V2CaptionedMediaOptions extends V2SendOptions {
  /** The media: an uploaded `id` or a public `link`. */
  media: V2MediaSource;
  /** At most 1024 characters. */
  caption?: string;
}
export interface V2DocumentOptions extends V2CaptionedMediaOptions {
  /** The file name the recipient sees. */
  filename?: string;
}
export interface V2MediaOptions extends V2SendOptions {
  /** The media: an uploaded `id` or a public `link`. */
  media: V2MediaSource;
}
export interface V2TextOptions extends V2SendOptions {
  /** The message text, at most 4096 characters. */
  body: string;
  /** Render a preview of the first URL in `body`. */
  previewUrl?: boolean;
}
export interface V2LocationOptions extends V2SendOptions {
  /** Latitude, -90 to 90. */
  latitude: number;
  /** Longitude, -180 to 180. */
  longitude: number;
  /** The place's name. */
  name?: string;
  /** The place's address. */
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
  /** The reply text. */
  body: string;
  /** Render a preview of the first URL in `body`. */
  previewUrl?: boolean;
}
/** An order details message (India payments): see `OrderDetailsContent`. */
export interface V2OrderDetailsOptions extends V2SendOptions, OrderDetailsContent {}

/** An order status message (India payments): see `OrderStatusContent`. */
export interface V2OrderStatusOptions extends V2SendOptions, OrderStatusContent {}

export interface V2MarkAsReadOptions {
  /** The incoming message to mark as read. */
  messageId: string;
  /** The business number that received it; default: the client's `from`. */
  from?: string;
}

export type V2SendMessageResponse = Schemas['V2SendMessageResponse'];

const MAX_REF = SPEC_LIMITS.refMaxCharacters;
const MAX_TEXT = SPEC_LIMITS.textBodyMaxCharacters;

type Common = Pick<Schemas['V2TextMessage'], 'messaging_product' | 'recipient_type' | 'to' | 'context'>;

/**
 * v2 sends, one method per message kind. Each fills in `messaging_product`, `recipient_type` and
 * `type`, checks the documented rules, and sends through the request core. Every method returns a KaleyraPromise, so
 * a validation failure arrives as a rejected promise like any other failure, and `.withResponse()`
 * gives the answer's status and headers.
 */
export class V2Messages {
  readonly #core: RequestCore;

  /** v2 sends through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /** Sends a text message. */
  sendText(message: V2TextOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertText('body', message.body);
      return this.send(
        message,
        { ...this.common(message), type: 'text', text: textObject(message.body, message.previewUrl) },
        call,
      );
    });
  }

  /** Sends an image (JPEG or PNG) by id or link, with an optional caption. */
  sendImage(message: V2CaptionedMediaOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'image', image: captioned('image', message) },
        call,
      );
    });
  }

  /** Sends a video (MP4 or 3GP) by id or link, with an optional caption. */
  sendVideo(message: V2CaptionedMediaOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'video', video: captioned('video', message) },
        call,
      );
    });
  }

  /** Sends an audio file by id or link. */
  sendAudio(message: V2MediaOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'audio', audio: mediaSource('audio', message.media) },
        call,
      );
    });
  }

  /** Sends a document by id or link, with an optional caption and file name. */
  sendDocument(message: V2DocumentOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      const document = captioned('document', message) as Schemas['V2DocumentObject'];
      if (message.filename !== undefined) document.filename = message.filename;
      return this.send(message, { ...this.common(message), type: 'document', document }, call);
    });
  }

  /** Sends a WebP sticker by id or link. */
  sendSticker(message: V2MediaOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'sticker', sticker: mediaSource('sticker', message.media) },
        call,
      );
    });
  }

  /** Sends a location pin. */
  sendLocation(message: V2LocationOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertCoordinate('latitude', message.latitude, 90);
      assertCoordinate('longitude', message.longitude, 180);
      const location: Schemas['V2LocationObject'] = {
        latitude: message.latitude,
        longitude: message.longitude,
      };
      if (message.name !== undefined) location.name = message.name;
      if (message.address !== undefined) location.address = message.address;
      return this.send(message, { ...this.common(message), type: 'location', location }, call);
    });
  }

  /** Sends 1 to 5 contact cards. */
  sendContacts(message: V2ContactsOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      const { contactsMinItems: min, contactsMaxItems: max } = SPEC_LIMITS;
      if (
        !Array.isArray(message.contacts) ||
        message.contacts.length < min ||
        message.contacts.length > max
      ) {
        throw new KaleyraValidationError({
          field: 'contacts',
          rule: 'count',
          message: `must hold ${min} to ${max} contacts`,
        });
      }
      return this.send(
        message,
        { ...this.common(message), type: 'contacts', contacts: message.contacts },
        call,
      );
    });
  }

  /** Sends an interactive message (buttons, list, CTA URL, flow, catalog, products). */
  sendInteractive(message: V2InteractiveOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      if (message.interactive === null || typeof message.interactive !== 'object') {
        throw new KaleyraValidationError({
          field: 'interactive',
          rule: 'required',
          message: 'must be an interactive object',
        });
      }
      return this.send(
        message,
        { ...this.common(message), type: 'interactive', interactive: message.interactive },
        call,
      );
    });
  }

  /** Sends an approved template, with components or with variables turned into components. */
  sendTemplate(message: V2TemplateOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertRequiredText('name', message.name, 'the approved template name');
      const language = typeof message.language === 'string' ? { code: message.language } : message.language;
      if (!language || typeof language.code !== 'string' || language.code === '') {
        throw new KaleyraValidationError({
          field: 'language',
          rule: 'required',
          message: 'must be a language code such as en or en_US',
        });
      }
      if (message.components !== undefined && message.parameters !== undefined) {
        throw new KaleyraValidationError({
          field: 'parameters',
          rule: 'exclusive',
          message: 'give components or parameters, not both',
        });
      }
      const template: Schemas['V2TemplateObject'] = { name: message.name, language };
      const components = message.parameters
        ? buildV2TemplateComponents(message.parameters)
        : message.components;
      if (components !== undefined) template.components = components;
      return this.send(message, { ...this.common(message), type: 'template', template }, call);
    });
  }

  /** Reacts to a message with an emoji, or removes a reaction with "". */
  sendReaction(message: V2ReactionOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
      if (typeof message.emoji !== 'string') {
        throw new KaleyraValidationError({
          field: 'emoji',
          rule: 'string',
          message: 'must be an emoji, or "" to remove a reaction',
        });
      }
      return this.send(
        message,
        {
          ...this.common(message),
          type: 'reaction',
          reaction: { message_id: message.messageId, emoji: message.emoji },
        },
        call,
      );
    });
  }

  /**
   * An order details message (India payments, Meta's Payments API): a bill the user pays without
   * leaving WhatsApp. The subtotal and total are computed from the items and charges; the order is
   * checked against Meta's rules before anything is sent.
   */
  sendOrderDetails(
    message: V2OrderDetailsOptions,
    call?: CallOptions,
  ): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'interactive', interactive: orderDetailsInteractive(message) },
        call,
      );
    });
  }

  /** An order status message: the new status of the order an earlier order details message billed. */
  sendOrderStatus(message: V2OrderStatusOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      return this.send(
        message,
        { ...this.common(message), type: 'interactive', interactive: orderStatusInteractive(message) },
        call,
      );
    });
  }

  /** A text message quoting an earlier one (within the 24-hour customer service window). */
  reply(message: V2ReplyOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
      return this.sendText({ ...message, replyTo: message.messageId }, call).withResponse();
    });
  }

  /** Marks an incoming message (and every earlier one) as read. */
  markAsRead(message: V2MarkAsReadOptions, call?: CallOptions): KaleyraPromise<V2SendMessageResponse> {
    return this.#core.answered(async () => {
      assertRequiredText('messageId', message.messageId, 'a WhatsApp message id');
      const receipt: Schemas['V2ReadReceipt'] = {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: message.messageId,
      };
      return this.post(
        resolveSender(message.from, this.#core.defaults.from),
        { messaging_object: receipt },
        call,
      );
    });
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

  private send(message: V2SendOptions, messagingObject: TypedMessage, call: CallOptions | undefined) {
    const body: Schemas['V2SendMessageRequest'] = { messaging_object: messagingObject };
    const extraInfo = toExtraInfo(message.extraInfo);
    if (extraInfo) body.extra_info = extraInfo;
    return this.post(resolveSender(message.from, this.#core.defaults.from), body, call);
  }

  private post(
    phoneNumber: string,
    body: Schemas['V2SendMessageRequest'],
    call: CallOptions | undefined,
  ): Promise<WithResponse<V2SendMessageResponse>> {
    return this.#core.call(
      'post',
      '/v2/{sid}/whatsapp/{phone_number}/messages',
      { path: { phone_number: phoneNumber }, body: { json: body } },
      call,
    );
  }
}

function textObject(body: string, previewUrl: boolean | undefined): Schemas['V2TextObject'] {
  const text: Schemas['V2TextObject'] = { body };
  if (previewUrl !== undefined) text.preview_url = previewUrl;
  return text;
}

function captioned(field: 'image' | 'video' | 'document', message: V2CaptionedMediaOptions) {
  const media: { id: string; caption?: string } | { link: string; caption?: string } = mediaSource(
    field,
    message.media,
  );
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
    if (typeof value !== 'string' || longerThan(value, MAX_REF)) {
      throw new KaleyraValidationError({
        field: `extraInfo.${key}`,
        rule: 'max-length',
        message: `must be a string of at most ${MAX_REF} characters (the server would cut it)`,
      });
    }
    out[key] = value;
  }
  if (extra.waSource !== undefined) out.wa_source = extra.waSource;
  if (extra.callbackProfileId !== undefined) {
    assertTextId('extraInfo.callbackProfileId', extra.callbackProfileId);
    out.callback_profile_id = extra.callbackProfileId;
  }
  return out;
}

function assertText(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '' || longerThan(value, MAX_TEXT)) {
    throw new KaleyraValidationError({
      field,
      rule: 'text',
      message: `must be non-empty text of at most ${MAX_TEXT} characters`,
    });
  }
}

function assertCoordinate(field: string, value: unknown, limit: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new KaleyraValidationError({
      field,
      rule: 'range',
      message: `must be a number from -${limit} to ${limit}`,
    });
  }
}

/**
 * Whether `value` has more than `max` code points. Counted only when its UTF-16 length is over
 * `max` (a string never has more code points than UTF-16 units), so a send's text is not spread
 * into an array of characters to be measured.
 */
function longerThan(value: string, max: number): boolean {
  return value.length > max && captionLength(value) > max;
}
