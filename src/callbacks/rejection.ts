export type CallbackRejectionReason =
  | 'invalid-json'
  | 'body-too-large'
  | 'bad-timestamp'
  | 'missing-id'
  | 'unsupported-method'
  | 'unsupported-content-type'
  | 'unreadable-body'
  | 'invalid-request';

/**
 * Why a callback was refused. Always status 400: the request itself is at fault, and the message
 * names fields, never values (callbacks carry phone numbers and message text).
 */
export interface CallbackRejection {
  status: 400;
  reason: CallbackRejectionReason;
  message: string;
  /** The payload field at fault, when there is one (`statuses[0].timestamp`, `message_template_id`). */
  field?: string;
}

export function rejection(reason: CallbackRejectionReason, message: string, field?: string): CallbackRejection {
  return field === undefined ? { status: 400, reason, message } : { status: 400, reason, message, field };
}

export function isRejection(value: object): value is CallbackRejection {
  return 'reason' in value && 'status' in value && !('kind' in value);
}
