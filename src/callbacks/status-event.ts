import { lookupErrorCode } from '../errors/catalogue.js';
import { defined, lenientTime, missingId, refsFrom, requiredTime } from './event-fields.js';
import type { CallbackErrorDetail, CallbackPricing, MessageStatus, StatusCallbackEvent } from './events.js';
import { asRecord, at, flag, list, text, type JsonRecord } from './json-value.js';
import { isRejection, type CallbackRejection } from './rejection.js';

/** `NOT-SENT` (Status page), `not-sent` (Configure page) and the v1 `0` (failed) all normalise here. */
export function normaliseMessageStatus(value: string | undefined): MessageStatus | 'unknown' {
  if (value === undefined) return 'unknown';
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
 */
export function v2StatusEvent(
  payload: JsonRecord,
  value: JsonRecord | undefined,
  base: { raw: unknown; receivedAt: Date },
): StatusCallbackEvent | CallbackRejection {
  const extraInfo = asRecord(payload.extra_info);
  const statuses = list(value?.statuses);
  const first = asRecord(statuses[0]);
  const topLevel = text(at(payload, 'message_id'));
  const fromExtraInfo = text(at(extraInfo, 'message_id'));
  const statusIds = statuses
    .map((entry) => text(at(entry, 'id')))
    .filter((id): id is string => id !== undefined);
  const messageId = topLevel ?? fromExtraInfo ?? statusIds[0];
  if (messageId === undefined) return missingId('message_id');

  const timestamp = first
    ? requiredTime(first.timestamp, 'statuses[0].timestamp')
    : requiredTime(at(payload, 'timestamp'), 'timestamp');
  if (timestamp !== undefined && isRejection(timestamp)) return timestamp;

  const rawStatus = text(at(payload, 'status')) ?? text(at(first, 'status'));
  const metadata = asRecord(value?.metadata);
  const conversation = asRecord(first?.conversation);
  const messageIds: StatusCallbackEvent['messageIds'] = defined({
    topLevel,
    extraInfo: fromExtraInfo,
    statuses: statusIds,
  });

  return defined<StatusCallbackEvent>({
    kind: 'status',
    apiVersion: 'v2',
    status: normaliseMessageStatus(rawStatus),
    rawStatus,
    messageId,
    messageIds,
    recipient:
      text(at(first, 'recipient_id')) ??
      text(payload.recipient_id) ??
      text(payload.to) ??
      text(payload.mobile),
    timestamp,
    refs: refsFrom(extraInfo ?? payload),
    traceId: text(at(extraInfo, 'trace_id')),
    wabaId: text(at(extraInfo, 'waba_id')) ?? text(payload.waba_id),
    phoneNumberId: text(at(metadata, 'phone_number_id')),
    displayPhoneNumber: text(at(metadata, 'display_phone_number')),
    conversation: conversation
      ? defined({
          id: text(conversation.id),
          originType: text(at(conversation, 'origin', 'type')),
          expiresAt: lenientTime(conversation.expiration_timestamp),
        })
      : undefined,
    pricing: pricingOf(asRecord(first?.pricing) ?? asRecord(payload.pricing), payload, extraInfo),
    errors: [
      ...list(first?.errors),
      ...list(payload.errors),
      ...(payload.error === undefined ? [] : [payload.error]),
    ]
      .map(errorDetail)
      .filter((detail): detail is CallbackErrorDetail => detail !== undefined),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
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
  const price = text(payload.price) ?? text(at(extraInfo, 'price')) ?? text(at(pricing, 'price'));
  if (pricing === undefined && price === undefined) return undefined;
  return defined<CallbackPricing>({
    billable: flag(at(pricing, 'billable')),
    category: text(at(pricing, 'category')),
    model: text(at(pricing, 'pricing_model')),
    price,
  });
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
