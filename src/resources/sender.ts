import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertPhoneNumber } from '../validation/phone-number.js';

/** The business number a call sends from: its own `from`, else the client's, checked as E.164. */
export function resolveSender(from: string | undefined, clientFrom: string | undefined): string {
  const sender = from ?? clientFrom;
  if (sender === undefined) {
    throw new KaleyraValidationError({
      field: 'from',
      rule: 'required',
      message: 'pass from, or set it on the client',
    });
  }
  assertPhoneNumber('from', sender);
  return sender;
}
