import { defined, missingId } from './event-fields.js';
import type { LimitCallbackEvent } from './events.js';
import { text, type JsonRecord } from './json-value.js';
import type { CallbackRejection } from './rejection.js';

/** Messaging-limit / quality update, sent as GET to the incoming-message URL once support enables it. */
export function limitEvent(
  payload: JsonRecord,
  base: { raw: unknown; receivedAt: Date },
): LimitCallbackEvent | CallbackRejection {
  const displayPhoneNumber = text(payload.display_phone_number);
  if (displayPhoneNumber === undefined) return missingId('display_phone_number');
  return defined<LimitCallbackEvent>({
    kind: 'limit',
    displayPhoneNumber,
    event: text(payload.event),
    currentLimit: text(payload.current_limit),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}
