import { classifyPayload } from './classify.js';
import type { CallbackEvent } from './events.js';
import { readBodyText } from './read-body.js';
import { payloadOf, type CallbackRequestParts } from './read-payload.js';
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
    return await parseCallbackParts(requestParts(request, options), options);
  } catch {
    return invalidRequest();
  }
}

/** A web Request as the parts a payload is read from, its body read within the options' cap and deadline. */
export function requestParts(request: Request, options: ParseCallbackOptions): CallbackRequestParts {
  const maxBodyBytes = callbackBodyLimit(options.maxBodyBytes);
  return {
    method: request.method,
    url: request.url,
    contentType: request.headers.get('content-type'),
    readBody: () => readBodyText(request, maxBodyBytes, options.bodyTimeoutMs),
  };
}

/** parseCallback over request parts (a server adapter's own body reader); never throws either. */
export async function parseCallbackParts(
  parts: CallbackRequestParts,
  options: ParseCallbackOptions,
): Promise<CallbackParseResult> {
  try {
    const payload = await payloadOf(parts);
    if (!payload.ok) return payload;
    const event = eventOf(payload.raw, receivedAtOf(options.now));
    return isRejection(event) ? { ok: false, rejection: event } : { ok: true, event };
  } catch {
    return invalidRequest();
  }
}

/**
 * The event a payload is, received at `receivedAt`; an inbox rebuilds recorded events with it, so
 * an event delivered after a restart is the one the receiver parsed.
 */
export function eventOf(raw: unknown, receivedAt: Date): CallbackEvent | CallbackRejection {
  try {
    return classifyPayload(raw, receivedAt);
  } catch {
    // A payload no builder foresaw is still a callback; hand it over whole rather than refuse it.
    return { kind: 'unknown', raw, receivedAt };
  }
}

/** The body size cap to apply: a usable maxBodyBytes, else the default. */
export function callbackBodyLimit(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : DEFAULT_MAX_CALLBACK_BYTES;
}

function invalidRequest(): CallbackParseResult {
  return {
    ok: false,
    rejection: rejection('invalid-request', 'The request could not be read as a callback.'),
  };
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
