import { deliverCallback, type CallbackAuth, type CallbackTarget } from './deliver-callback.js';
import type { PlannedCallback } from './send-callbacks.js';

export interface CallbackDispatcherOptions {
  /** Where profile callbacks go (v2 statuses, upload status); none are sent without it. */
  profileTarget?: CallbackTarget;
  /** Pause before each callback, so statuses arrive in order and spaced like the real ones. Default 50 ms. */
  delayMs?: number;
  /** Credentials the callbacks carry: Basic auth and/or a `token` query parameter. */
  auth?: CallbackAuth;
  /** Told about each callback sent, with the receiver's status or the delivery error. */
  onDelivery?: (callback: PlannedCallback, outcome: { status: number } | { error: unknown }) => void;
}

/** Sends the callbacks of each accepted request in order, one request's after another's. */
export function createCallbackDispatcher(options: CallbackDispatcherOptions) {
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const delayMs = options.delayMs ?? 50;

  async function sendOne(callback: PlannedCallback): Promise<void> {
    const target = 'url' in callback.to ? callback.to.url : options.profileTarget;
    if (target === undefined || closed) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (closed) return;
    try {
      const status = await deliverCallback(target, callback.delivery, options.auth);
      options.onDelivery?.(callback, { status });
    } catch (error) {
      options.onDelivery?.(callback, { error });
    }
  }

  return {
    dispatch(callbacks: PlannedCallback[]): void {
      for (const callback of callbacks) chain = chain.then(() => sendOne(callback));
    },
    /** Resolves once every callback dispatched so far has been sent. */
    idle(): Promise<void> {
      return chain;
    },
    close(): void {
      closed = true;
    },
  };
}
