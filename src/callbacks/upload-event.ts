import { defined, missingId, requiredTime } from './event-fields.js';
import type { UploadCallbackEvent } from './events.js';
import { text, type JsonRecord } from './json-value.js';
import { isRejection, type CallbackRejection } from './rejection.js';

/** Resumable-media status, sent to the profile attached to the WABA (GET query or POST body). */
export function uploadEvent(
  payload: JsonRecord,
  base: { raw: unknown; receivedAt: Date },
): UploadCallbackEvent | CallbackRejection {
  const resumableMediaId = text(payload.resumable_media_id);
  if (resumableMediaId === undefined) return missingId('resumable_media_id');
  const time = requiredTime(payload.time, 'time');
  if (time !== undefined && isRejection(time)) return time;
  const rawStatus = text(payload.status);
  const status = rawStatus?.trim().toLowerCase();

  return defined<UploadCallbackEvent>({
    kind: 'upload',
    status: status === 'uploaded' || status === 'pending' || status === 'failed' ? status : 'unknown',
    rawStatus,
    resumableMediaId,
    uploadedFileHandle: text(payload.uploaded_file_handle),
    fileName: text(payload.file_name),
    fileLink: text(payload.file_link),
    wabaId: text(payload.waba_id),
    companyId: text(payload.company_id),
    field: text(payload.field),
    time,
    callbackProfileId: text(payload.callback_profile_id),
    raw: base.raw,
    receivedAt: base.receivedAt,
  });
}
