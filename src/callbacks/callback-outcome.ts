import type { CallbackEvent } from './events.js';
import { reportSafely, type CallbackErrorReporter } from './deliver-event.js';
import { parseCallback, type ParseCallbackOptions } from './parse-callback.js';
import type { CallbackRejection } from './rejection.js';

export interface CallbackHandlerOptions extends ParseCallbackOptions {
  /**
   * Decides whether the request may be processed, before its body is read. Kaleyra signs nothing,
   * so use verifyCallbackToken or verifyBasicAuth here. A false answer is a 401; a throw is a 500.
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Receives failures of `authorize` and of the event handler. Default: console.error of the error only. */
  onError?: CallbackErrorReporter;
  /** Observes refused callbacks (for metrics or logs); the rejection holds no payload values. */
  onRejection?: (rejection: CallbackRejection) => void;
}

/** What to answer, and the event to hand over once the answer is sent. */
export interface CallbackOutcome {
  /** The HTTP status to answer: 200, 400/408 for a refused callback, 401 unauthorized, 500 if authorize threw. */
  status: number;
  /** The JSON answer body: `{ ok: true }`, or `ok: false` with the error reason (and message for a refusal). */
  body: string;
  /** The parsed event, present only on a 200, to hand to the handler after answering. */
  event?: CallbackEvent;
}

/** The HTTP decision shared by the fetch and node:http handlers. Never throws. */
export async function decideCallback(
  request: Request,
  options: CallbackHandlerOptions,
): Promise<CallbackOutcome> {
  if (options.authorize) {
    let allowed: boolean;
    try {
      allowed = (await options.authorize(request)) === true;
    } catch (error) {
      reportSafely(options.onError, error, { phase: 'authorize' });
      return { status: 500, body: JSON.stringify({ ok: false, error: 'internal-error' }) };
    }
    if (!allowed) return { status: 401, body: JSON.stringify({ ok: false, error: 'unauthorized' }) };
  }
  const result = await parseCallback(request, options);
  if (!result.ok) {
    try {
      options.onRejection?.(result.rejection);
    } catch {
      // An observer must not change the answer.
    }
    const { reason, message } = result.rejection;
    return { status: result.rejection.status, body: JSON.stringify({ ok: false, error: reason, message }) };
  }
  return { status: 200, body: JSON.stringify({ ok: true }), event: result.event };
}
