import { classifyPayload } from './classify.js';
import type { CallbackEvent } from './events.js';
import { readBodyText, type BodyText } from './read-body.js';
import { payloadOf, type CallbackRequestParts, type Payload } from './read-payload.js';
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
export function requestParts(
  request: Request,
  options: ParseCallbackOptions,
  keepsBodyText = false,
): WebRequestParts {
  return new WebRequestParts(
    request,
    callbackBodyLimit(options.maxBodyBytes),
    options.bodyTimeoutMs,
    keepsBodyText,
  );
}

/**
 * A web Request's parts. A class, not an object literal of closures (each named per callback by
 * the build's keepNames); the URL is read only when the payload needs it (a GET, a body-less
 * POST), since undici serialises it again on every read of `request.url`.
 */
class WebRequestParts implements CallbackRequestParts {
  readonly #request: Request;
  readonly #maxBodyBytes: number;
  readonly #timeoutMs: number | undefined;
  readonly method: string;
  readonly contentType: string | null;
  readonly keepsBodyText: boolean;

  constructor(request: Request, maxBodyBytes: number, timeoutMs: number | undefined, keepsBodyText: boolean) {
    this.keepsBodyText = keepsBodyText;
    this.#request = request;
    this.#maxBodyBytes = maxBodyBytes;
    this.#timeoutMs = timeoutMs;
    this.method = request.method;
    this.contentType = request.headers.get('content-type');
  }

  get url(): string {
    return this.#request.url;
  }

  /** The request itself, for an `authorize` check. */
  request(): Request {
    return this.#request;
  }

  get parts(): CallbackRequestParts {
    return this;
  }

  readBody(): Promise<BodyText> {
    return readBodyText(this.#request, this.#maxBodyBytes, this.#timeoutMs);
  }
}

/** parseCallback over request parts (a server adapter's own body reader); never throws either. */
export async function parseCallbackParts(
  parts: CallbackRequestParts,
  options: ParseCallbackOptions,
): Promise<CallbackParseResult> {
  try {
    return callbackOfPayload(await payloadOf(parts), options);
  } catch {
    return invalidRequest();
  }
}

/** The event (or refusal) a payload read from a request is; synchronous, so an adapter that reads the body itself needs no promise for it. Never throws. */
export function callbackOfPayload(payload: Payload, options: ParseCallbackOptions): CallbackParseResult {
  if (!payload.ok) return payload;
  const event = eventOf(payload.raw, receivedAtOf(options.now));
  return isRejection(event) ? { ok: false, rejection: event } : { ok: true, event };
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
