import type { CallbackEvent } from './events.js';
import { flatIncomingEvent, metaIncomingEvent } from './incoming-event.js';
import { asRecord, at, list, own, text, type JsonRecord } from './json-value.js';
import { limitEvent } from './limit-event.js';
import type { CallbackRejection } from './rejection.js';
import { normaliseMessageStatus, v1StatusEvent, v2StatusEvent } from './status-event.js';
import { normaliseTemplateStatus, templateEvent } from './template-event.js';
import { uploadEvent } from './upload-event.js';

/**
 * Decides which callback a payload is. Meta-shaped payloads are recognised by structure; flat
 * profile payloads by which variables are present (a key present with an empty value still
 * counts, since GET profiles must send every variable). Anything unrecognised is an 'unknown'
 * event, never a rejection: Kaleyra adds callback types and fields without notice.
 */
export function classifyPayload(raw: unknown, receivedAt: Date): CallbackEvent | CallbackRejection {
  const base = { raw, receivedAt };
  const payload = asRecord(raw);
  if (payload === undefined) return { kind: 'unknown', ...base };

  const value =
    asRecord(own(asRecord(own(payload, 'meta_object')), 'value')) ??
    asRecord(at(payload, 'entry', 0, 'changes', 0, 'value'));
  if (value !== undefined) {
    if (list(value.statuses).length > 0) return v2StatusEvent(payload, value, base);
    if (list(value.messages).length > 0) return metaIncomingEvent(payload, value, 'v2', base);
    if (has(value, 'display_phone_number') && (has(value, 'current_limit') || has(value, 'event')))
      return limitEvent(value, base);
    // A not-sent message never reached Meta, so Kaleyra may send its own fields without statuses.
    if (has(payload, 'status') && has(payload, 'message_id')) return v2StatusEvent(payload, value, base);
    return { kind: 'unknown', ...base };
  }

  if (asRecord(list(payload.messages)[0]) !== undefined)
    return metaIncomingEvent(payload, payload, 'legacy', base);
  if (asRecord(list(payload.statuses)[0]) !== undefined) return v2StatusEvent(payload, payload, base);
  if (isUpload(payload)) return uploadEvent(payload, base);
  if (isTemplate(payload)) return templateEvent(payload, base);
  if (has(payload, 'current_limit') || (has(payload, 'display_phone_number') && has(payload, 'event'))) {
    return limitEvent(payload, base);
  }
  if (isFlatIncoming(payload)) return flatIncomingEvent(payload, base);
  if (isStatus(payload)) {
    const v1 = !has(payload, 'message_id') && !has(payload, 'extra_info') && has(payload, 'id');
    return v1 ? v1StatusEvent(payload, base) : v2StatusEvent(payload, undefined, base);
  }
  return { kind: 'unknown', ...base };
}

function has(record: JsonRecord, key: string): boolean {
  return Object.hasOwn(record, key);
}

function isUpload(payload: JsonRecord): boolean {
  return has(payload, 'resumable_media_id') || has(payload, 'uploaded_file_handle');
}

function isTemplate(payload: JsonRecord): boolean {
  if (
    has(payload, 'message_template_id') ||
    has(payload, 'message_template_name') ||
    has(payload, 'message_template_language')
  ) {
    return true;
  }
  return has(payload, 'id') && normaliseTemplateStatus(text(payload.event)) !== 'unknown';
}

function isFlatIncoming(payload: JsonRecord): boolean {
  if (has(payload, 'wanumber')) return true;
  return (
    has(payload, 'from') &&
    (has(payload, 'type') || has(payload, 'body') || has(payload, 'created_at') || has(payload, 'media_url'))
  );
}

function isStatus(payload: JsonRecord): boolean {
  if (!has(payload, 'status')) return false;
  return (
    has(payload, 'message_id') ||
    has(payload, 'id') ||
    normaliseMessageStatus(text(payload.status)) !== 'unknown'
  );
}
