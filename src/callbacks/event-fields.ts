import type { CallbackRefs } from './events.js';
import { asRecord, own, text } from './json-value.js';
import { rejection, type CallbackRejection } from './rejection.js';
import { parseCallbackTime } from './timestamp.js';

/**
 * Field readers every event builder shares: refs, and the rule for times. A time that is absent
 * is fine (profiles pick their own variables); one that is present but unreadable refuses the
 * callback, because silently dropping it would hide a format change.
 */
export function refsFrom(source: unknown): CallbackRefs {
  const refs: CallbackRefs = {};
  const record = asRecord(source);
  const ref = text(own(record, 'ref'));
  const ref1 = text(own(record, 'ref1'));
  const ref2 = text(own(record, 'ref2'));
  if (ref !== undefined) refs.ref = ref;
  if (ref1 !== undefined) refs.ref1 = ref1;
  if (ref2 !== undefined) refs.ref2 = ref2;
  return refs;
}

/** Reads a time the event needs: absent stays undefined, unreadable becomes a `bad-timestamp` rejection naming the field. */
export function requiredTime(value: unknown, field: string): Date | undefined | CallbackRejection {
  if (value === undefined || value === null || value === '') return undefined;
  const date = parseCallbackTime(value);
  return date ?? rejection('bad-timestamp', `The ${field} field is not a unix time or a date.`, field);
}

/** A time that is informational only (a conversation's expiry): unreadable means unknown. */
export function lenientTime(value: unknown): Date | undefined {
  return parseCallbackTime(value);
}

/** The `missing-id` rejection for a callback that lacks its identifying field. */
export function missingId(field: string): CallbackRejection {
  return rejection('missing-id', `The callback has no ${field}.`, field);
}

/** Copies defined values only, so events compare cleanly and omit what was not sent. */
export function defined<T extends object>(fields: T): T {
  const out = {} as T;
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) out[key] = fields[key];
  }
  return out;
}
