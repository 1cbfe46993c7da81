import type { CallbackEvent } from './events.js';
import { reportSafely, type CallbackErrorReporter, type CallbackEventHandler } from './deliver-event.js';
import type { CallbackInbox } from './inbox.js';
import { parseCallbackParts, type CallbackParseResult, type ParseCallbackOptions } from './parse-callback.js';
import type { CallbackRequestParts } from './read-payload.js';
import type { CallbackRejection } from './rejection.js';

export interface CallbackHandlerOptions extends ParseCallbackOptions {
  /**
   * Decides whether the request may be processed, before its body is read. Kaleyra signs nothing,
   * so use verifyCallbackToken or verifyBasicAuth here. A false answer is a 401; a throw is a 500.
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Receives failures of `authorize`, of the inbox's `record` and of the event handler. Default: console.error of the error only. */
  onError?: CallbackErrorReporter;
  /** Observes refused callbacks (for metrics or logs); the rejection holds no payload values. */
  onRejection?: (rejection: CallbackRejection) => void;
  /**
   * Records each event before answering: 200 only once it is recorded (503 while it cannot be),
   * then delivers it to `onEvent` with retries, parking an event that keeps failing. Without one,
   * 200 is answered first and the event is handed over once, from memory: a crash or a failing
   * handler after the answer loses it.
   */
  inbox?: CallbackInbox;
}

/** What to answer, and the event to hand over once the answer is sent. */
export interface CallbackOutcome {
  /** The HTTP status: 200, 400/408 for a refused callback, 401 unauthorized, 500 if authorize threw, 503 if the inbox could not record. */
  status: number;
  /** The JSON answer body: `{ ok: true }`, or `ok: false` with the error reason (and message for a refusal). */
  body: string;
  /** The parsed event for the receiver to hand over after answering: only on a 200 without an inbox. */
  event?: CallbackEvent;
}

/** A request as the shared decision reads it: parts for the payload, and the web Request `authorize` gets. */
export interface CallbackSource {
  /** The web Request given to `authorize`; built only when there is an authorize check. */
  request(): Request;
  /** What the payload is read from. */
  parts: CallbackRequestParts;
}

const ACCEPTED = JSON.stringify({ ok: true });
const UNAUTHORIZED = JSON.stringify({ ok: false, error: 'unauthorized' });
const INTERNAL = JSON.stringify({ ok: false, error: 'internal-error' });
const UNAVAILABLE = JSON.stringify({ ok: false, error: 'inbox-unavailable' });

/** Starts the inbox's deliveries to `onEvent`, when the receiver has an inbox. */
export function startInbox(onEvent: CallbackEventHandler, options: CallbackHandlerOptions): void {
  options.inbox?.start(onEvent, options.onError ? { onError: options.onError } : {});
}

/** The HTTP decision shared by the fetch and node:http handlers. Never throws. */
export async function decideCallback(
  source: CallbackSource,
  options: CallbackHandlerOptions,
): Promise<CallbackOutcome> {
  if (options.authorize) {
    const refused = await authorizeCallback(options.authorize, source, options.onError);
    if (refused !== undefined) return refused;
  }
  return answerCallback(await parseCallbackParts(source.parts, options), options);
}

/** The answer when `authorize` refuses the request (401) or throws (500); undefined when it may go on. */
export async function authorizeCallback(
  authorize: NonNullable<CallbackHandlerOptions['authorize']>,
  source: CallbackSource,
  onError: CallbackErrorReporter | undefined,
): Promise<CallbackOutcome | undefined> {
  let allowed: boolean;
  try {
    allowed = (await authorize(source.request())) === true;
  } catch (error) {
    reportSafely(onError, error, { phase: 'authorize' });
    return { status: 500, body: INTERNAL };
  }
  return allowed ? undefined : { status: 401, body: UNAUTHORIZED };
}

/**
 * The answer to a parsed callback: its refusal, or 200 with the event to hand over; with an inbox,
 * a promise of 200 once the event is recorded (503 when it cannot be). Synchronous without an
 * inbox, so an adapter that reads the body itself answers with no promise in between. Never throws.
 */
export function answerCallback(
  result: CallbackParseResult,
  options: CallbackHandlerOptions,
): CallbackOutcome | Promise<CallbackOutcome> {
  if (!result.ok) {
    try {
      options.onRejection?.(result.rejection);
    } catch {
      // An observer must not change the answer.
    }
    const { reason, message } = result.rejection;
    return { status: result.rejection.status, body: JSON.stringify({ ok: false, error: reason, message }) };
  }
  if (options.inbox === undefined) return { status: 200, body: ACCEPTED, event: result.event };
  return recordEvent(options.inbox, result.event, options.onError);
}

async function recordEvent(
  inbox: CallbackInbox,
  event: CallbackEvent,
  onError: CallbackErrorReporter | undefined,
): Promise<CallbackOutcome> {
  try {
    await inbox.record(event);
  } catch (error) {
    // Not recorded, so not acknowledged: a 503 tells the sender the event was not taken.
    reportSafely(onError, error, { phase: 'record', event });
    return { status: 503, body: UNAVAILABLE };
  }
  return { status: 200, body: ACCEPTED };
}
