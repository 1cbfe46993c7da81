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
  /** Requests whose callbacks go out at once to one target. Default 8. */
  concurrency?: number;
  /**
   * Requests whose callbacks may wait per target. Past it the oldest waiting request's callbacks are
   * dropped and reported through `onDelivery` (a receiver that never answers must not pile up work
   * and memory without end). Default 1000.
   */
  maxPending?: number;
  /** How long one callback may wait for the receiver's answer. Default 10 000 ms. */
  timeoutMs?: number;
}

interface Lane {
  waiting: PlannedCallback[][];
  active: number;
}

/**
 * Sends the callbacks of each accepted request in order (sent, delivered, read), each target on its
 * own lanes: a receiver that never answers delays only its own callbacks, at most `concurrency`
 * requests' worth at a time, with at most `maxPending` waiting behind them.
 */
export function createCallbackDispatcher(options: CallbackDispatcherOptions) {
  const delayMs = options.delayMs ?? 50;
  const concurrency = options.concurrency ?? 8;
  const maxPending = options.maxPending ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lanes = new Map<CallbackTarget, Lane>();
  const idleWaiters: Array<() => void> = [];
  // Bumped by reset() and close(): work begun before it is not sent any further.
  let epoch = 0;
  let closed = false;

  const targetOf = (callback: PlannedCallback): CallbackTarget | undefined =>
    'url' in callback.to ? callback.to.url : options.profileTarget;

  function settleIdle(): void {
    for (const lane of lanes.values()) if (lane.active > 0 || lane.waiting.length > 0) return;
    idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  async function sendGroup(target: CallbackTarget, group: PlannedCallback[], started: number): Promise<void> {
    for (const callback of group) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (closed || epoch !== started) return;
      try {
        const status = await deliverCallback(target, callback.delivery, options.auth, timeoutMs);
        options.onDelivery?.(callback, { status });
      } catch (error) {
        options.onDelivery?.(callback, { error });
      }
    }
  }

  function pump(target: CallbackTarget, lane: Lane): void {
    while (lane.active < concurrency && lane.waiting.length > 0) {
      const group = lane.waiting.shift()!;
      lane.active++;
      void sendGroup(target, group, epoch).finally(() => {
        lane.active--;
        pump(target, lane);
        settleIdle();
      });
    }
  }

  function reset(): void {
    epoch++;
    for (const lane of lanes.values()) lane.waiting.length = 0;
    settleIdle();
  }

  return {
    /** Queues one accepted request's callbacks, in the order given. */
    dispatch(callbacks: PlannedCallback[]): void {
      if (closed) return;
      const byTarget = new Map<CallbackTarget, PlannedCallback[]>();
      for (const callback of callbacks) {
        const target = targetOf(callback);
        if (target === undefined) continue;
        byTarget.set(target, [...(byTarget.get(target) ?? []), callback]);
      }
      for (const [target, group] of byTarget) {
        let lane = lanes.get(target);
        if (!lane) lanes.set(target, (lane = { waiting: [], active: 0 }));
        lane.waiting.push(group);
        while (lane.waiting.length > maxPending) {
          const dropped = lane.waiting.shift()!;
          const error = new Error(
            `not sent: over ${maxPending} requests' callbacks were waiting for this receiver`,
          );
          for (const callback of dropped) options.onDelivery?.(callback, { error });
        }
        pump(target, lane);
      }
    },
    /** How many requests' callbacks wait or are being sent, over every target. */
    pending(): number {
      let count = 0;
      for (const lane of lanes.values()) count += lane.waiting.length + lane.active;
      return count;
    },
    /** Resolves once every callback dispatched so far has been sent (or dropped). */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    /** Forgets what waits and stops what is under way after its current callback. */
    reset,
    close(): void {
      closed = true;
      reset();
    },
  };
}
