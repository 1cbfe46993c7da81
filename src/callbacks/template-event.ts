import { defined, missingId, requiredTime } from './event-fields.js';
import type { TemplateCallbackEvent, TemplateStatus } from './events.js';
import { text, type JsonRecord } from './json-value.js';
import { isRejection, type CallbackRejection } from './rejection.js';

/** Lowercases a template callback `event` to a TemplateStatus, or `unknown` for anything else. */
export function normaliseTemplateStatus(value: string | undefined): TemplateStatus | 'unknown' {
  const status = value?.trim().toLowerCase();
  return status === 'approved' || status === 'rejected' || status === 'disabled' || status === 'paused'
    ? status
    : 'unknown';
}

/**
 * Template status update. Either `id` or `message_template_id` identifies the template; a profile
 * picks its own variables, so only one of them may be there.
 */
export function templateEvent(
  payload: JsonRecord,
  base: { raw: unknown; receivedAt: Date },
): TemplateCallbackEvent | CallbackRejection {
  const id = text(payload.id);
  const messageTemplateId = text(payload.message_template_id);
  if (id === undefined && messageTemplateId === undefined) return missingId('message_template_id');
  const time = requiredTime(payload.time, 'time');
  if (time !== undefined && isRejection(time)) return time;
  const rawEvent = text(payload.event);

  return defined<TemplateCallbackEvent>({
    kind: 'template',
    event: normaliseTemplateStatus(rawEvent),
    rawEvent,
    id,
    messageTemplateId,
    messageTemplateName: text(payload.message_template_name),
    language: text(payload.message_template_language),
    reason: text(payload.reason),
    otherInfo: text(payload.other_info),
    time,
    companyId: text(payload.company_id),
    callbackProfileId: text(payload.callback_profile_id),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}
