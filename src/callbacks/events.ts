import type { RetryHint } from '../errors/catalogue.js';
/**
 * The typed events parseCallback produces. Every event keeps `raw` (the payload as received:
 * the decoded query or form object with one level of quotes stripped, or the parsed JSON) so
 * that nothing Kaleyra sends is lost when a field is new or its meaning is still unknown.
 */

/** Message status, in the lowercase spelling of the Configure page (`NOT-SENT` becomes `not-sent`). */
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'not-sent';

/** Fields every parsed callback event carries, whatever its kind. */
export interface CallbackEventBase {
  /** The payload as received (query/form object or parsed JSON). */
  raw: unknown;
  /** When the SDK parsed the callback (options.now), not when Kaleyra or Meta produced it. */
  receivedAt: Date;
}

/** Values a brand passed on the send and Kaleyra echoes back in `extra_info`. */
export interface CallbackRefs {
  /** The `ref` value the brand sent with the message, echoed back. */
  ref?: string;
  /** The `ref1` value the brand sent with the message, echoed back. */
  ref1?: string;
  /** The `ref2` value the brand sent with the message, echoed back. */
  ref2?: string;
}

/** One reason a message failed, from Meta's `errors[]` or Kaleyra's `error`/`errors` fields. */
export interface CallbackErrorDetail {
  /** Error code as sent (Meta's numeric code, kept as text). */
  code?: string;
  /** Short error title from Meta. */
  title?: string;
  /** Human-readable reason (`message`, else Kaleyra's `error_message`, or a bare error string). */
  message?: string;
  /** Extra explanation from Meta's `error_data.details`. */
  details?: string;
  /** What the code means, from the SDK's catalogue (Meta's failure codes and Kaleyra's), when it knows the code. */
  meaning?: string;
  /** What to do about it, from the same catalogue entry. */
  action?: string;
  /** Whether sending the same message again can succeed (the catalogue's RetryHint). */
  retry?: RetryHint;
}

/** What Meta charges for the conversation a status belongs to, as far as the callback says. */
export interface CallbackPricing {
  /** Whether Meta bills the conversation (`pricing.billable`). */
  billable?: boolean;
  /** Conversation category as sent (e.g. `marketing`, `utility`, `service`). */
  category?: string;
  /** As sent: Kaleyra writes "Conversation-Based Pricing" where Meta writes `CBP`. */
  model?: string;
  /** Postpaid Delivered callbacks carry a price; where it sits is undocumented, so it is looked for in several places. */
  price?: string;
}

/** A delivery status update (sent, delivered, read, failed, not-sent) for a message you sent. */
export interface StatusCallbackEvent extends CallbackEventBase {
  /** Discriminant: a message status update. */
  kind: 'status';
  /** 'v1' for the `callback_url` form (`?id=…&status=…`), 'v2' for callback-profile payloads. */
  apiVersion: 'v1' | 'v2';
  /** Normalised status; `unknown` when the sent value is none the SDK recognises (see `rawStatus`). */
  status: MessageStatus | 'unknown';
  /** The status exactly as sent (`NOT-SENT`, `0`, …). */
  rawStatus?: string;
  /**
   * The best id to match against the send: top-level `message_id`, else `extra_info.message_id`,
   * else the first `statuses[].id` (v1: `id`, e.g. `<uuid>:0`). The three differ in Kaleyra's
   * own sample, so all of them are in `messageIds`.
   */
  messageId: string;
  /** Every id the callback carried, by where it was found, since Kaleyra's sample shows them differing. */
  messageIds: {
    /** The payload's top-level `message_id`. */
    topLevel?: string;
    /** The `extra_info.message_id` value. */
    extraInfo?: string;
    /** Meta's `statuses[].id`, in order (a 32-hex value in Kaleyra's sample, not a wamid). */
    statuses: string[];
  };
  /** The WhatsApp number the message went to (`recipient_id`, `to` or `mobile`). */
  recipient?: string;
  /** When the status happened, per Meta's or Kaleyra's timestamp. */
  timestamp?: Date;
  /** Brand references echoed from the send (`extra_info` or the payload itself). */
  refs: CallbackRefs;
  /** Kaleyra's `extra_info.trace_id`, for support requests. */
  traceId?: string;
  /** The WhatsApp Business Account id (`waba_id`). */
  wabaId?: string;
  /** The sending business number's Meta id (`metadata.phone_number_id`). */
  phoneNumberId?: string;
  /** The sending business number as displayed (`metadata.display_phone_number`). */
  displayPhoneNumber?: string;
  /** Meta's conversation the message opened or belongs to: id, origin type and expiry. */
  conversation?: { id?: string; originType?: string; expiresAt?: Date };
  /** Pricing details, when the callback carries a `pricing` object or a price. */
  pricing?: CallbackPricing;
  /** Reasons a message failed; empty unless Kaleyra or Meta sent some. */
  errors: CallbackErrorDetail[];
}

/** Media kinds a user can send the business. */
export type IncomingMediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** What a user sent, by `type`: text, media, reaction, location, contacts, a reply, or `unknown` with the raw message. */
export type IncomingMessageContent =
  | { type: 'text'; text: string }
  | {
      type: IncomingMediaType;
      /** Kaleyra's copy of the media (`extra_info.media_url` or the flat `media_url`). */
      mediaUrl?: string;
      /** Meta's media id. */
      mediaId?: string;
      caption?: string;
      mimeType?: string;
      sha256?: string;
      fileName?: string;
      animated?: boolean;
      voice?: boolean;
    }
  | { type: 'reaction'; messageId?: string; /** Absent when the user removed the reaction. */ emoji?: string }
  | { type: 'location'; latitude?: number; longitude?: number; name?: string; address?: string; url?: string }
  | { type: 'contacts'; contacts: IncomingContactCard[] }
  | { type: 'list_reply'; id: string; title?: string; description?: string }
  | { type: 'button_reply'; id: string; title?: string }
  /** A tap on a template quick-reply button. */
  | { type: 'button'; payload?: string; text?: string }
  | { type: 'flow_reply'; name?: string; body?: string; response: unknown }
  | { type: 'unknown'; messageType?: string; raw: unknown };

/** One contact card a user shared. */
export interface IncomingContactCard {
  /** The card's formatted display name. */
  formattedName?: string;
  /** The card's phone numbers, in the order sent. */
  phones: string[];
  /** The contact card as received. */
  raw: unknown;
}

/** A message a user sent to the business number. */
export interface IncomingCallbackEvent extends CallbackEventBase {
  /** Discriminant: a message from a user. */
  kind: 'incoming';
  /** 'v2' for the meta_object envelope, 'legacy' for bare `{contacts, messages}`, 'flat' for the profile variables. */
  format: 'v2' | 'legacy' | 'flat';
  /** Meta's wamid; the flat profile form has no id variable, so it may be absent there only. */
  messageId?: string;
  /** The user's WhatsApp number the message came from. */
  from: string;
  /** The user's WhatsApp profile name, when sent. */
  profileName?: string;
  /** When the user sent the message. */
  timestamp?: Date;
  /** The message content, by type. */
  message: IncomingMessageContent;
  /** Set when the user replied to a message: `context` (Meta) and/or Kaleyra's `reply_to`. */
  replyTo?: { messageId?: string; from?: string; kaleyraMessageId?: string };
  /** The business number that received the message (`display_phone_number` / `wanumber`). */
  businessNumber?: string;
  /** The receiving business number's Meta id (`metadata.phone_number_id`). */
  phoneNumberId?: string;
  /** The WhatsApp Business Account id from `extra_info.waba_id`. */
  wabaId?: string;
  /** Kaleyra's `extra_info.trace_id`, for support requests. */
  traceId?: string;
  /** Brand references Kaleyra echoes in the payload. */
  refs: CallbackRefs;
}

/** A resumable media upload's status, sent to the callback profile attached to the WABA. */
export interface UploadCallbackEvent extends CallbackEventBase {
  /** Discriminant: a resumable upload status. */
  kind: 'upload';
  /** Normalised upload status; `unknown` when the sent value is none of the three (see `rawStatus`). */
  status: 'uploaded' | 'pending' | 'failed' | 'unknown';
  /** The status exactly as sent. */
  rawStatus?: string;
  /** The resumable upload session id the update is about (`resumable_media_id`). */
  resumableMediaId: string;
  /** The uploaded file's handle for template samples and other uses; set once `uploaded`, valid for 24 hours. */
  uploadedFileHandle?: string;
  /** The uploaded file's name (`file_name`). */
  fileName?: string;
  /** A link to the uploaded file (`file_link`). */
  fileLink?: string;
  /** The WhatsApp Business Account id (`waba_id`). */
  wabaId?: string;
  /** Kaleyra's company id (`company_id`). */
  companyId?: string;
  /** The event name as sent (`field`); Kaleyra's page does not explain it. */
  field?: string;
  /** When Kaleyra reported the update (`time`). */
  time?: Date;
  /** The callback profile that delivered the update (`callback_profile_id`). */
  callbackProfileId?: string;
}

/** Template review states, lowercased from the callback's `event`. */
export type TemplateStatus = 'approved' | 'rejected' | 'disabled' | 'paused';

/** A template's review status changed (approved, rejected, disabled, paused). */
export interface TemplateCallbackEvent extends CallbackEventBase {
  /** Discriminant: a template status update. */
  kind: 'template';
  /** Normalised template status; `unknown` when the sent value is none of the four (see `rawEvent`). */
  event: TemplateStatus | 'unknown';
  /** The `event` exactly as sent. */
  rawEvent?: string;
  /** At least one of `id` and `messageTemplateId` is present (profiles choose their variables). */
  id?: string;
  /** The template id as `message_template_id`, when the profile sends that variable. */
  messageTemplateId?: string;
  /** The template's name (`message_template_name`). */
  messageTemplateName?: string;
  /** The template's language code (`message_template_language`). */
  language?: string;
  /** Why the template was rejected, disabled or paused, when given. */
  reason?: string;
  /** Any further note Kaleyra adds (`other_info`). */
  otherInfo?: string;
  /** When Kaleyra reported the change (`time`). */
  time?: Date;
  /** Kaleyra's company id (`company_id`). */
  companyId?: string;
  /** The callback profile that delivered the update (`callback_profile_id`). */
  callbackProfileId?: string;
}

/** A messaging-limit or quality update for a business number. */
export interface LimitCallbackEvent extends CallbackEventBase {
  /** Discriminant: a messaging-limit or quality update. */
  kind: 'limit';
  /** The business number the update concerns (`display_phone_number`). */
  displayPhoneNumber: string;
  /** As sent, e.g. `FLAGGED`, `UNFLAGGED`, `UPGRADE`, `DOWNGRADE`. */
  event?: string;
  /** As sent, e.g. `TIER_10K`. */
  currentLimit?: string;
}

/** A callback the SDK could not classify; only `raw` and `receivedAt` are set. */
export interface UnknownCallbackEvent extends CallbackEventBase {
  /** Discriminant: unrecognised callback. */
  kind: 'unknown';
}

/** Any event parseCallback can return; switch on `kind` to narrow it. */
export type CallbackEvent =
  | StatusCallbackEvent
  | IncomingCallbackEvent
  | UploadCallbackEvent
  | TemplateCallbackEvent
  | LimitCallbackEvent
  | UnknownCallbackEvent;

/** The `kind` values a callback event can have. */
export type CallbackEventKind = CallbackEvent['kind'];
