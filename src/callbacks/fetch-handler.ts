import { decideCallback, startInbox, type CallbackHandlerOptions } from './callback-outcome.js';
import { deliverEvent, type CallbackEventHandler } from './deliver-event.js';
import { requestParts } from './parse-callback.js';

export interface FetchCallbackHandlerOptions extends CallbackHandlerOptions {
  /** Keeps the event handler alive after the response on edge runtimes; a per-request context wins over this. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** What Cloudflare Workers (`ctx`), Vercel and Next (`after`) offer to outlive a response. */
export interface FetchCallbackContext {
  /** Registers a promise the runtime keeps alive after the response is returned. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * The second argument a runtime passes beside the request: a waitUntil context, or whatever else
 * it passes there (a Next.js route's `{ params }`, Deno.serve's info, Bun's server), which is
 * accepted so the handler can be exported or passed as it is, and otherwise ignored.
 */
export type FetchHandlerContext = FetchCallbackContext | object;

/**
 * A `(request) => Response` endpoint for Hono, Next route handlers, Workers, Deno and Bun.
 * Without an inbox it answers 200 as soon as the callback is parsed and runs `onEvent` afterwards
 * (without waitUntil an edge runtime may stop that work once the response is sent); with one, it
 * answers once the event is recorded and the inbox delivers it.
 */
export function createFetchCallbackHandler(
  onEvent: CallbackEventHandler,
  options: FetchCallbackHandlerOptions = {},
): (request: Request, context?: FetchHandlerContext) => Promise<Response> {
  startInbox(onEvent, options);
  return async (request, context) => {
    const outcome = await decideCallback(
      requestParts(request, options, options.inbox !== undefined),
      options,
    );
    if (outcome.event !== undefined) {
      const work = deliverEvent(onEvent, outcome.event, options.onError);
      // Called as a method: Workers' ctx.waitUntil throws "Illegal invocation" when detached.
      const owner = hasWaitUntil(context) ? context : options;
      try {
        owner.waitUntil?.(work);
      } catch {
        // The event is still delivered; only its lifetime guarantee is lost.
      }
    }
    return new Response(outcome.body, {
      status: outcome.status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
}

function hasWaitUntil(context: FetchHandlerContext | undefined): context is Required<FetchCallbackContext> {
  return (
    typeof context === 'object' &&
    context !== null &&
    'waitUntil' in context &&
    typeof context.waitUntil === 'function'
  );
}
