import { lookupErrorCode } from '../errors/catalogue.js';
import { defined, lenientTime, missingId, refsFrom, requiredTime } from './event-fields.js';
import type { CallbackErrorDetail, CallbackPricing, MessageStatus, StatusCallbackEvent } from './events.js';
import { asRecord, at, flag, list, own, text, type JsonRecord } from './json-value.js';
import { isRejection, type CallbackRejection } from './rejection.js';

/** `NOT-SENT` (Status page), `not-sent` (Configure page) and the v1 `0` (failed) all normalise here. */
export function normaliseMessageStatus(value: string | undefined): MessageStatus | 'unknown' {
  if (value === undefined) return 'unknown';
  // As Meta and the v2 profiles send it: no trimming, lowercasing or replacing needed.
  if (value === 'delivered' || value === 'read' || value === 'sent' || value === 'failed') return value;
  const status = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (status === '0') return 'failed';
  if (status === 'notsent') return 'not-sent';
  return status === 'sent' ||
    status === 'delivered' ||
    status === 'read' ||
    status === 'failed' ||
    status === 'not-sent'
    ? status
    : 'unknown';
}

/**
 * A v2 status: the meta_object envelope (`value` holds Meta's `statuses`) or a flat profile body
 * with `status` and `message_id`. Only the first entry of `statuses` is described; Kaleyra sends
 * one per callback, and every entry's id is still listed in `messageIds.statuses`.
 *
 * Written out field by field rather than through `defined()`: this builder runs for nearly every
 * callback a broadcast brings back, and a generic copy of a literal cost it as much as the rest.
 * Fields are own properties only (`own`), as everywhere else in the payload readers.
 */
export function v2StatusEvent(
  payload: JsonRecord,
  value: JsonRecord | undefined,
  base: { raw: unknown; receivedAt: Date },
): StatusCallbackEvent | CallbackRejection {
  const extraInfo = asRecord(own(payload, 'extra_info'));
  const statuses = list(own(value, 'statuses'));
  const first = asRecord(statuses[0]);
  const topLevel = text(own(payload, 'message_id'));
  const fromExtraInfo = text(own(extraInfo, 'message_id'));
  const statusIds: string[] = [];
  for (const entry of statuses) {
    const id = text(own(asRecord(entry), 'id'));
    if (id !== undefined) statusIds.push(id);
  }
  const messageId = topLevel ?? fromExtraInfo ?? statusIds[0];
  if (messageId === undefined) return missingId('message_id');

  const timestamp = first
    ? requiredTime(own(first, 'timestamp'), 'statuses[0].timestamp')
    : requiredTime(own(payload, 'timestamp'), 'timestamp');
  if (timestamp !== undefined && isRejection(timestamp)) return timestamp;

  const rawStatus = text(own(payload, 'status')) ?? text(own(first, 'status'));
  const metadata = asRecord(own(value, 'metadata'));
  const messageIds: StatusCallbackEvent['messageIds'] = { statuses: statusIds };
  if (topLevel !== undefined) messageIds.topLevel = topLevel;
  if (fromExtraInfo !== undefined) messageIds.extraInfo = fromExtraInfo;

  const event: StatusCallbackEvent = {
    kind: 'status',
    apiVersion: 'v2',
    status: normaliseMessageStatus(rawStatus),
    messageId,
    messageIds,
    refs: refsFrom(extraInfo ?? payload),
    errors: errorsOf(first, payload),
    raw: base.raw,
    receivedAt: base.receivedAt,
  };
  if (rawStatus !== undefined) event.rawStatus = rawStatus;
  const recipient =
    text(own(first, 'recipient_id')) ??
    text(own(payload, 'recipient_id')) ??
    text(own(payload, 'to')) ??
    text(own(payload, 'mobile'));
  if (recipient !== undefined) event.recipient = recipient;
  if (timestamp !== undefined) event.timestamp = timestamp;
  const traceId = text(own(extraInfo, 'trace_id'));
  if (traceId !== undefined) event.traceId = traceId;
  const wabaId = text(own(extraInfo, 'waba_id')) ?? text(own(payload, 'waba_id'));
  if (wabaId !== undefined) event.wabaId = wabaId;
  const phoneNumberId = text(own(metadata, 'phone_number_id'));
  if (phoneNumberId !== undefined) event.phoneNumberId = phoneNumberId;
  const displayPhoneNumber = text(own(metadata, 'display_phone_number'));
  if (displayPhoneNumber !== undefined) event.displayPhoneNumber = displayPhoneNumber;
  const conversation = conversationOf(asRecord(own(first, 'conversation')));
  if (conversation !== undefined) event.conversation = conversation;
  const pricing = pricingOf(
    asRecord(own(first, 'pricing')) ?? asRecord(own(payload, 'pricing')),
    payload,
    extraInfo,
  );
  if (pricing !== undefined) event.pricing = pricing;
  return event;
}

function conversationOf(conversation: JsonRecord | undefined): StatusCallbackEvent['conversation'] {
  if (conversation === undefined) return undefined;
  const out: NonNullable<StatusCallbackEvent['conversation']> = {};
  const id = text(own(conversation, 'id'));
  if (id !== undefined) out.id = id;
  const originType = text(own(asRecord(own(conversation, 'origin')), 'type'));
  if (originType !== undefined) out.originType = originType;
  const expiresAt = lenientTime(own(conversation, 'expiration_timestamp'));
  if (expiresAt !== undefined) out.expiresAt = expiresAt;
  return out;
}

/** Meta's `statuses[0].errors`, then Kaleyra's `errors` and `error`; none (the common case) allocates nothing more than the list. */
function errorsOf(first: JsonRecord | undefined, payload: JsonRecord): CallbackErrorDetail[] {
  const details: CallbackErrorDetail[] = [];
  for (const entry of list(own(first, 'errors'))) addErrorDetail(details, entry);
  for (const entry of list(own(payload, 'errors'))) addErrorDetail(details, entry);
  const error = own(payload, 'error');
  if (error !== undefined) addErrorDetail(details, error);
  return details;
}

function addErrorDetail(details: CallbackErrorDetail[], entry: unknown): void {
  const detail = errorDetail(entry);
  if (detail !== undefined) details.push(detail);
}

/** The v1 `callback_url` form, seen only in third-party code: `?id=<uuid>:0&status=sent|delivered|read|0`. */
export function v1StatusEvent(
  payload: JsonRecord,
  base: { raw: unknown; receivedAt: Date },
): StatusCallbackEvent | CallbackRejection {
  const messageId = text(payload.id);
  if (messageId === undefined) return missingId('id');
  const rawStatus = text(payload.status);
  return defined<StatusCallbackEvent>({
    kind: 'status',
    apiVersion: 'v1',
    status: normaliseMessageStatus(rawStatus),
    rawStatus,
    messageId,
    messageIds: { statuses: [] },
    refs: {},
    errors: [],
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}

function pricingOf(
  pricing: JsonRecord | undefined,
  payload: JsonRecord,
  extraInfo: JsonRecord | undefined,
): CallbackPricing | undefined {
  const price = text(own(payload, 'price')) ?? text(own(extraInfo, 'price')) ?? text(own(pricing, 'price'));
  if (pricing === undefined && price === undefined) return undefined;
  const out: CallbackPricing = {};
  const billable = flag(own(pricing, 'billable'));
  if (billable !== undefined) out.billable = billable;
  const category = text(own(pricing, 'category'));
  if (category !== undefined) out.category = category;
  const model = text(own(pricing, 'pricing_model'));
  if (model !== undefined) out.model = model;
  if (price !== undefined) out.price = price;
  return out;
}

function errorDetail(entry: unknown): CallbackErrorDetail | undefined {
  if (typeof entry === 'string') return entry === '' ? undefined : { message: entry };
  const record = asRecord(entry);
  if (record === undefined) return undefined;
  const code = text(record.code);
  const known = lookupErrorCode(code);
  return defined<CallbackErrorDetail>({
    code,
    title: text(record.title),
    message: text(record.message) ?? text(record.error_message),
    details: text(at(record, 'error_data', 'details')),
    meaning: known?.meaning,
    action: known?.action,
    retry: known?.retry,
  });
}
