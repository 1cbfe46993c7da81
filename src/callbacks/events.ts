/**
 * The typed events parseCallback produces. Every event keeps `raw` (the payload as received:
 * the decoded query or form object with one level of quotes stripped, or the parsed JSON) so
 * that nothing Kaleyra sends is lost when a field is new or its meaning is still unknown.
 */

/** Message status, in the lowercase spelling of the Configure page (`NOT-SENT` becomes `not-sent`). */
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'not-sent';

export interface CallbackEventBase {
  /** The payload as received (query/form object or parsed JSON). */
  raw: unknown;
  /** When the SDK parsed the callback (options.now), not when Kaleyra or Meta produced it. */
  receivedAt: Date;
}

/** Values a brand passed on the send and Kaleyra echoes back in `extra_info`. */
export interface CallbackRefs {
  ref?: string;
  ref1?: string;
  ref2?: string;
}

export interface CallbackErrorDetail {
  code?: string;
  title?: string;
  message?: string;
  details?: string;
}

export interface CallbackPricing {
  billable?: boolean;
  category?: string;
  /** As sent: Kaleyra writes "Conversation-Based Pricing" where Meta writes `CBP`. */
  model?: string;
  /** Postpaid Delivered callbacks carry a price; where it sits is undocumented, so it is looked for in several places. */
  price?: string;
}

export interface StatusCallbackEvent extends CallbackEventBase {
  kind: 'status';
  /** 'v1' for the `callback_url` form (`?id=…&status=…`), 'v2' for callback-profile payloads. */
  apiVersion: 'v1' | 'v2';
  status: MessageStatus | 'unknown';
  /** The status exactly as sent (`NOT-SENT`, `0`, …). */
  rawStatus?: string;
  /**
   * The best id to match against the send: top-level `message_id`, else `extra_info.message_id`,
   * else the first `statuses[].id` (v1: `id`, e.g. `<uuid>:0`). The three differ in Kaleyra's
   * own sample, so all of them are in `messageIds`.
   */
  messageId: string;
  messageIds: {
    topLevel?: string;
    extraInfo?: string;
    /** Meta's `statuses[].id`, in order (a 32-hex value in Kaleyra's sample, not a wamid). */
    statuses: string[];
  };
  recipient?: string;
  timestamp?: Date;
  refs: CallbackRefs;
  traceId?: string;
  wabaId?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  conversation?: { id?: string; originType?: string; expiresAt?: Date };
  pricing?: CallbackPricing;
  /** Reasons a message failed; empty unless Kaleyra or Meta sent some. */
  errors: CallbackErrorDetail[];
}

export type IncomingMediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

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

export interface IncomingContactCard {
  formattedName?: string;
  phones: string[];
  raw: unknown;
}

export interface IncomingCallbackEvent extends CallbackEventBase {
  kind: 'incoming';
  /** 'v2' for the meta_object envelope, 'legacy' for bare `{contacts, messages}`, 'flat' for the profile variables. */
  format: 'v2' | 'legacy' | 'flat';
  /** Meta's wamid; the flat profile form has no id variable, so it may be absent there only. */
  messageId?: string;
  from: string;
  profileName?: string;
  timestamp?: Date;
  message: IncomingMessageContent;
  /** Set when the user replied to a message: `context` (Meta) and/or Kaleyra's `reply_to`. */
  replyTo?: { messageId?: string; from?: string; kaleyraMessageId?: string };
  /** The business number that received the message (`display_phone_number` / `wanumber`). */
  businessNumber?: string;
  phoneNumberId?: string;
  wabaId?: string;
  traceId?: string;
  refs: CallbackRefs;
}

export interface UploadCallbackEvent extends CallbackEventBase {
  kind: 'upload';
  status: 'uploaded' | 'pending' | 'failed' | 'unknown';
  rawStatus?: string;
  resumableMediaId: string;
  uploadedFileHandle?: string;
  fileName?: string;
  fileLink?: string;
  wabaId?: string;
  companyId?: string;
  field?: string;
  time?: Date;
  callbackProfileId?: string;
}

export type TemplateStatus = 'approved' | 'rejected' | 'disabled' | 'paused';

export interface TemplateCallbackEvent extends CallbackEventBase {
  kind: 'template';
  event: TemplateStatus | 'unknown';
  rawEvent?: string;
  /** At least one of `id` and `messageTemplateId` is present (profiles choose their variables). */
  id?: string;
  messageTemplateId?: string;
  messageTemplateName?: string;
  language?: string;
  reason?: string;
  otherInfo?: string;
  time?: Date;
  companyId?: string;
  callbackProfileId?: string;
}

export interface LimitCallbackEvent extends CallbackEventBase {
  kind: 'limit';
  displayPhoneNumber: string;
  /** As sent, e.g. `FLAGGED`, `UNFLAGGED`, `UPGRADE`, `DOWNGRADE`. */
  event?: string;
  /** As sent, e.g. `TIER_10K`. */
  currentLimit?: string;
}

export interface UnknownCallbackEvent extends CallbackEventBase {
  kind: 'unknown';
}

export type CallbackEvent =
  | StatusCallbackEvent
  | IncomingCallbackEvent
  | UploadCallbackEvent
  | TemplateCallbackEvent
  | LimitCallbackEvent
  | UnknownCallbackEvent;

export type CallbackEventKind = CallbackEvent['kind'];
