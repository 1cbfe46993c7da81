import { classifyPayload } from './classify.js';
import type { CallbackEvent } from './events.js';
import { readPayload } from './read-payload.js';
import { isRejection, rejection, type CallbackRejection } from './rejection.js';

/** 1 MiB: the largest documented callback is a few kilobytes. */
export const DEFAULT_MAX_CALLBACK_BYTES = 1024 * 1024;

export interface ParseCallbackOptions {
  /** Bodies longer than this are refused without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long the body may take to arrive; a slower one is refused with 408. Default 10 000 ms. */
  bodyTimeoutMs?: number;
  /** The clock behind `receivedAt`; tests pin it. */
  now?: () => Date;
}

export type CallbackParseResult =
  { ok: true; event: CallbackEvent } | { ok: false; rejection: CallbackRejection };

/**
 * Reads any Kaleyra WhatsApp callback (GET query or POST JSON/form) into a typed event. Never a
 * throw, never a crash: whatever arrives, the answer is an event (possibly `kind: 'unknown'`) or a
 * rejection that says which 400 to send back.
 */
export async function parseCallback(
  request: Request,
  options: ParseCallbackOptions = {},
): Promise<CallbackParseResult> {
  try {
    const maxBodyBytes = limitOf(options.maxBodyBytes);
    const payload = await readPayload(request, maxBodyBytes, options.bodyTimeoutMs);
    if (!payload.ok) return payload;
    const receivedAt = receivedAtOf(options.now);
    let outcome: CallbackEvent | CallbackRejection;
    try {
      outcome = classifyPayload(payload.raw, receivedAt);
    } catch {
      // A payload no builder foresaw is still a callback; hand it over whole rather than refuse it.
      outcome = { kind: 'unknown', raw: payload.raw, receivedAt };
    }
    return isRejection(outcome) ? { ok: false, rejection: outcome } : { ok: true, event: outcome };
  } catch {
    return {
      ok: false,
      rejection: rejection('invalid-request', 'The request could not be read as a callback.'),
    };
  }
}

function limitOf(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : DEFAULT_MAX_CALLBACK_BYTES;
}

function receivedAtOf(now: (() => Date) | undefined): Date {
  try {
    const date = now?.();
    if (date instanceof Date && !Number.isNaN(date.getTime())) return date;
  } catch {
    // A broken clock must not cost the callback.
  }
  return new Date();
}
