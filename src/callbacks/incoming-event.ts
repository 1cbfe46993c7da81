import { defined, missingId, refsFrom, requiredTime } from './event-fields.js';
import type { IncomingCallbackEvent } from './events.js';
import { contentFromFlat, contentFromMeta } from './incoming-content.js';
import { asRecord, at, list, text, type JsonRecord } from './json-value.js';
import { isRejection, type CallbackRejection } from './rejection.js';

type Base = { raw: unknown; receivedAt: Date };

/**
 * An incoming message in Meta's shape: inside the v2 meta_object envelope (`value`), or the bare
 * `{contacts, messages}` of the legacy on-prem callback (`value` is then the payload itself).
 * The first message is described; Kaleyra sends one per callback.
 */
export function metaIncomingEvent(
  payload: JsonRecord,
  value: JsonRecord,
  format: 'v2' | 'legacy',
  base: Base,
): IncomingCallbackEvent | CallbackRejection {
  const message = asRecord(list(value.messages)[0]) ?? {};
  const contacts = list(value.contacts);
  const messageId = text(message.id);
  if (messageId === undefined) return missingId('messages[0].id');
  const from = text(message.from) ?? text(at(contacts, 0, 'wa_id'));
  if (from === undefined) return missingId('messages[0].from');
  const timestamp = requiredTime(message.timestamp, 'messages[0].timestamp');
  if (timestamp !== undefined && isRejection(timestamp)) return timestamp;

  const extraInfo = asRecord(payload.extra_info);
  const sender = contacts.find((contact) => text(at(contact, 'wa_id')) === from) ?? contacts[0];
  const context = asRecord(message.context);
  const replyTo = defined({
    messageId: text(at(context, 'id')),
    from: text(at(context, 'from')),
    kaleyraMessageId: text(at(extraInfo, 'reply_to')),
  });

  return defined<IncomingCallbackEvent>({
    kind: 'incoming',
    format,
    messageId,
    from,
    profileName: text(at(sender, 'profile', 'name')),
    timestamp,
    message: contentFromMeta(message, text(at(extraInfo, 'media_url'))),
    replyTo: Object.keys(replyTo).length > 0 ? replyTo : undefined,
    businessNumber: text(at(value, 'metadata', 'display_phone_number')),
    phoneNumberId: text(at(value, 'metadata', 'phone_number_id')),
    wabaId: text(at(extraInfo, 'waba_id')),
    traceId: text(at(extraInfo, 'trace_id')),
    refs: refsFrom(extraInfo),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}

/** The flat incoming-message profile (GET query or POST body of `<variable>`s), which carries no message id. */
export function flatIncomingEvent(
  payload: JsonRecord,
  base: Base,
): IncomingCallbackEvent | CallbackRejection {
  const from = text(payload.from) ?? text(payload.mobile);
  if (from === undefined) return missingId('from');
  const timestamp = requiredTime(payload.created_at, 'created_at');
  if (timestamp !== undefined && isRejection(timestamp)) return timestamp;
  const replyTo = text(payload.reply_to);

  return defined<IncomingCallbackEvent>({
    kind: 'incoming',
    format: 'flat',
    messageId: text(payload.message_id) ?? text(payload.id),
    from,
    profileName: text(payload.name),
    timestamp,
    message: contentFromFlat(payload),
    replyTo: replyTo === undefined ? undefined : { kaleyraMessageId: replyTo },
    businessNumber: text(payload.wanumber),
    refs: refsFrom(payload),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}
