import type { CallbackEventKind } from '../callbacks/index.js';
import { objectAt } from './json-walk.js';
import { SAMPLE_MEDIA } from './sample-media.js';
import { exampleValue, type OpenApiDocument } from './spec-document.js';

/** One callback as Kaleyra sends it: a GET with a query, or a POST with a JSON body. */
export type CallbackDelivery =
  { method: 'GET'; query: Record<string, string> } | { method: 'POST'; json: unknown };

/** Values a callback carries that tie it to a send; anything omitted keeps the spec example's value. */
export interface CallbackValues {
  /** The id the send answered with. */
  messageId?: string;
  /** The end user's number (digits, or E.164 with `+`). */
  recipient?: string;
  /** The business number (digits, or E.164 with `+`). */
  businessNumber?: string;
  /** `ref`, `ref1`, `ref2` given on the send, echoed in `extra_info`. */
  refs?: { ref?: string; ref1?: string; ref2?: string };
  /** For `failed` statuses: Meta's error code (default 131047) and title. */
  error?: { code: number; title: string };
  /** The resumable media id an upload answered with, and the uploaded file's name. */
  resumableMediaId?: string;
  /** The uploaded file's name. */
  fileName?: string;
  /** The WhatsApp Business Account id. */
  wabaId?: string;
  /** The clock behind timestamps. Default: now. */
  now?: Date;
  /**
   * Where the sample media files are served (the fake's or `kaleyra-wa mock`'s `<url>/media`): an
   * incoming image, document, audio, video or sticker then points at its sample there, with the
   * sample's `mime_type` and `sha256`. Without it the spec example's URL and hash stay.
   */
  mediaBaseUrl?: string;
}

export interface CallbackEventType {
  /** The name `kaleyra-wa trigger` takes, e.g. `status.delivered`. */
  name: string;
  /** What parseCallback makes of it. */
  kind: CallbackEventKind;
  /** The spec's webhook it is an instance of. */
  webhook: string;
  /** How Kaleyra sends it. */
  method: 'GET' | 'POST';
  /** One line for `trigger --list`. */
  summary: string;
  /** The callback with realistic values, `values` overriding the ones that tie it to a send. */
  build(doc: OpenApiDocument, values?: CallbackValues): CallbackDelivery;
}

/** Meta's error for a message outside the 24-hour window, the one the spec's status error names. */
export const DEFAULT_FAILED_ERROR = { code: 131047, title: 'Re-engagement message' };

const digits = (number: string) => number.replace(/^\+/, '');
const seconds = (values: CallbackValues) => String(Math.floor((values.now ?? new Date()).getTime() / 1000));
const kaleyraTime = (values: CallbackValues) =>
  (values.now ?? new Date()).toISOString().slice(0, 19).replace('T', ' ');

function randomHex(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length / 2));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function withRefs(extraInfo: Record<string, unknown>, values: CallbackValues): void {
  if (!values.refs) return;
  for (const key of ['ref', 'ref1', 'ref2'] as const) {
    if (values.refs[key] === undefined) delete extraInfo[key];
    else extraInfo[key] = values.refs[key];
  }
}

/** A v2 status in the callback-profile format, built on the spec's `Sent` sample. */
export function v2StatusDelivery(
  doc: OpenApiDocument,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  values: CallbackValues = {},
): CallbackDelivery {
  const body = objectAt(exampleValue(doc, 'CallbackV2MessageStatusSentSample'));
  const value = objectAt(body, 'meta_object', 'value');
  const entry = objectAt(value, 'statuses', 0);
  entry.status = status;
  entry.id = randomHex(32);
  entry.timestamp = seconds(values);
  if (values.recipient) entry.recipient_id = digits(values.recipient);
  if (values.businessNumber) objectAt(value, 'metadata').display_phone_number = digits(values.businessNumber);
  if (status === 'failed') {
    // A failed message opens no conversation and is not billed; Meta says why instead.
    delete entry.conversation;
    delete entry.pricing;
    const error = values.error ?? DEFAULT_FAILED_ERROR;
    entry.errors = [
      {
        code: error.code,
        title: error.title,
        message: error.title,
        error_data: { details: `Message failed with error ${error.code}` },
      },
    ];
  }
  body.status = status;
  if (values.messageId) {
    body.message_id = values.messageId;
    objectAt(body, 'extra_info').message_id = values.messageId;
  }
  if (values.wabaId) objectAt(body, 'extra_info').waba_id = values.wabaId;
  withRefs(objectAt(body, 'extra_info'), values);
  return { method: 'POST', json: body };
}

/** The v1 `callback_url` form: `GET ?id=<message id>&status=sent|delivered|read|0`. */
export function v1StatusDelivery(
  status: 'sent' | 'delivered' | 'read' | 'failed',
  values: CallbackValues = {},
): CallbackDelivery {
  return {
    method: 'GET',
    query: {
      id: values.messageId ?? '58f86fab-85c5-4f7c-9b68-9c323248afc4:0',
      status: status === 'failed' ? '0' : status,
    },
  };
}

/** The resumable upload status callback (POST profile form), built on the spec's sample. */
export function uploadStatusDelivery(doc: OpenApiDocument, values: CallbackValues = {}): CallbackDelivery {
  const body = objectAt(exampleValue(doc, 'CallbackResumableMediaStatusSample'));
  if (values.resumableMediaId) body.resumable_media_id = values.resumableMediaId;
  if (values.fileName) {
    body.file_name = values.fileName;
    body.file_link = `https://example.com/media/${encodeURIComponent(values.fileName)}`;
  }
  if (values.wabaId) body.waba_id = values.wabaId;
  body.time = kaleyraTime(values);
  return { method: 'POST', json: body };
}

type Incoming = (message: Record<string, unknown>) => void;

/** An incoming message in the v2 envelope, built on the sample `sample` with its message reshaped. */
function incoming(sample: string, reshape?: Incoming) {
  return (doc: OpenApiDocument, values: CallbackValues = {}): CallbackDelivery => {
    const body = objectAt(exampleValue(doc, sample));
    const value = objectAt(body, 'meta_object', 'value');
    const message = objectAt(value, 'messages', 0);
    message.id = `wamid.${btoa(randomHex(24)).replaceAll('=', '')}`;
    message.timestamp = seconds(values);
    if (values.recipient) {
      message.from = digits(values.recipient);
      objectAt(value, 'contacts', 0).wa_id = digits(values.recipient);
    }
    if (values.businessNumber)
      objectAt(value, 'metadata').display_phone_number = digits(values.businessNumber);
    reshape?.(message);
    if (values.mediaBaseUrl) pointAtSample(message, objectAt(body, 'extra_info'), values.mediaBaseUrl);
    withRefs(objectAt(body, 'extra_info'), values);
    return { method: 'POST', json: body };
  };
}

/** Points a media message at the served sample of its type, its type and hash those of the sample. */
function pointAtSample(message: Record<string, unknown>, extraInfo: Record<string, unknown>, base: string) {
  const type = String(message.type);
  if (!Object.hasOwn(SAMPLE_MEDIA, type)) return;
  const sample = SAMPLE_MEDIA[type as keyof typeof SAMPLE_MEDIA];
  const content = objectAt(message, type);
  content.mime_type = sample.mimeType;
  content.sha256 = sample.sha256;
  if (type === 'document') content.filename = sample.fileName;
  extraInfo.media_url = `${base.replace(/\/+$/, '')}/${sample.fileName}`;
}

function replaceContent(type: string, content: unknown): Incoming {
  return (message) => {
    delete message[String(message.type)];
    message.type = type;
    message[type] = content;
  };
}

/** Meta's shared contact cards: `type: contacts` with the cards in `contacts`. */
const shareContact: Incoming = (message) => {
  delete message[String(message.type)];
  message.type = 'contacts';
  message.contacts = [
    {
      name: { formatted_name: 'Asha Rao', first_name: 'Asha', last_name: 'Rao' },
      phones: [{ phone: '+91 98123 00000', type: 'CELL', wa_id: '919812300000' }],
    },
  ];
};

const statusNames = ['sent', 'delivered', 'read', 'failed'] as const;

/** Every callback `kaleyra-wa trigger` fires and the fake can send, one per documented webhook form. */
export const CALLBACK_EVENTS: readonly CallbackEventType[] = [
  {
    name: 'v1.status',
    kind: 'status',
    webhook: 'v1MessageStatus',
    method: 'GET',
    summary: "v1 message status to the send's callback_url (delivered)",
    build: (_doc, values) => v1StatusDelivery('delivered', values),
  },
  ...statusNames.map((status): CallbackEventType => ({
    name: `status.${status}`,
    kind: 'status',
    webhook: 'v2MessageStatus',
    method: 'POST',
    summary: `v2 message status: ${status}${status === 'failed' ? ` (Meta error ${DEFAULT_FAILED_ERROR.code})` : ''}`,
    build: (doc, values) => v2StatusDelivery(doc, status, values),
  })),
  ...(
    [
      ['text', 'a text message', incoming('CallbackV2IncomingTextSample')],
      ['image', 'an image, replying to a message', incoming('CallbackV2IncomingReplyImageSample')],
      ['document', 'a PDF document', incoming('CallbackV2IncomingDocumentSample')],
      [
        'audio',
        'a voice note',
        incoming(
          'CallbackV2IncomingDocumentSample',
          replaceContent('audio', {
            mime_type: 'audio/ogg; codecs=opus',
            sha256: 'n0Ec7NBbLqS0ohRmxo5XgUWPe2xa8pTXbyBtHxprAo4=',
            id: '1176123456789012',
            voice: true,
          }),
        ),
      ],
      [
        'video',
        'a video with a caption',
        incoming(
          'CallbackV2IncomingDocumentSample',
          replaceContent('video', {
            caption: 'Unboxing',
            mime_type: 'video/mp4',
            sha256: 'q2WsmM0xXV8PQiYo7b0O4fLkOB1lPhyUaJ9k2x4Ey3c=',
            id: '1288123456789012',
          }),
        ),
      ],
      ['sticker', 'an animated sticker', incoming('CallbackV2IncomingStickerSample')],
      ['location', 'a shared location with an address', incoming('CallbackV2IncomingAddressLocationSample')],
      ['contacts', 'a shared contact card', incoming('CallbackV2IncomingTextSample', shareContact)],
      [
        'button',
        'a tap on a template quick-reply button',
        incoming('CallbackV2IncomingTemplateButtonSample'),
      ],
      ['list_reply', 'a choice from a list message', incoming('CallbackV2IncomingListReplySample')],
      ['reaction', 'an emoji reaction to a message', incoming('CallbackV2IncomingReactionSample')],
    ] as const
  ).map(([type, summary, build]): CallbackEventType => ({
    name: `incoming.${type}`,
    kind: 'incoming',
    webhook: 'v2IncomingMessage',
    method: 'POST',
    summary: `incoming message: ${summary}`,
    build,
  })),
  {
    name: 'incoming.fields',
    kind: 'incoming',
    webhook: 'incomingMessageFields',
    method: 'POST',
    summary: 'incoming text message in the flat profile-variables form',
    build: (doc, values = {}) => {
      const body = objectAt(exampleValue(doc, 'CallbackIncomingMessageFieldsSample'));
      body.created_at = seconds(values);
      if (values.recipient) body.from = body.mobile = digits(values.recipient);
      if (values.businessNumber) body.wanumber = digits(values.businessNumber);
      return { method: 'POST', json: body };
    },
  },
  {
    name: 'upload.status',
    kind: 'upload',
    webhook: 'resumableMediaStatus',
    method: 'POST',
    summary: 'resumable media upload finished (UPLOADED)',
    build: (doc, values) => uploadStatusDelivery(doc, values),
  },
  {
    name: 'template.status',
    kind: 'template',
    webhook: 'templateStatus',
    method: 'POST',
    summary: 'template review result (APPROVED)',
    build: (doc, values = {}) => {
      const body = objectAt(exampleValue(doc, 'CallbackTemplateStatusSample'));
      body.time = kaleyraTime(values);
      return { method: 'POST', json: body };
    },
  },
  {
    name: 'quality.update',
    kind: 'limit',
    webhook: 'phoneNumberQualityUpdate',
    method: 'GET',
    summary: 'phone number quality / messaging limit update (FLAGGED, TIER_10K)',
    build: (_doc, values = {}) => ({
      method: 'GET',
      query: {
        display_phone_number: values.businessNumber ? digits(values.businessNumber) : '16505551111',
        event: 'FLAGGED',
        current_limit: 'TIER_10K',
      },
    }),
  },
];

/** The catalogue entry named `name` (`status.delivered`), or undefined. */
export function findCallbackEvent(name: string): CallbackEventType | undefined {
  return CALLBACK_EVENTS.find((event) => event.name === name);
}
