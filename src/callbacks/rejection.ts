export type CallbackRejectionReason =
  | 'invalid-json'
  | 'body-too-large'
  | 'bad-timestamp'
  | 'missing-id'
  | 'unsupported-method'
  | 'unsupported-content-type'
  | 'unreadable-body'
  | 'invalid-utf8'
  | 'too-deep'
  | 'body-timeout'
  | 'invalid-request';

/**
 * Why a callback was refused. Status 400 (the request itself is at fault), or 408 for a body that
 * did not arrive in time. The message names fields, never values (callbacks carry phone numbers
 * and message text).
 */
export interface CallbackRejection {
  /** 400 when the request is at fault, 408 when the body did not arrive in time. */
  status: 400 | 408;
  /** A stable machine-readable reason, also sent as `error` in the answer body. */
  reason: CallbackRejectionReason;
  /** What is wrong, for a person; names fields, never their values. */
  message: string;
  /** The payload field at fault, when there is one (`statuses[0].timestamp`, `message_template_id`). */
  field?: string;
}

/** Builds a rejection; only a body that did not arrive in time is a 408. */
export function rejection(
  reason: CallbackRejectionReason,
  message: string,
  field?: string,
): CallbackRejection {
  const status = reason === 'body-timeout' ? 408 : 400;
  return field === undefined ? { status, reason, message } : { status, reason, message, field };
}

/** Tells a rejection from a parsed event (rejections have `reason` and `status`, events have `kind`). */
export function isRejection(value: object): value is CallbackRejection {
  return 'reason' in value && 'status' in value && !('kind' in value);
}
