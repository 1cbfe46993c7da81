import type { CallbackEvent } from './events.js';
import type { CallbackDelivery } from './inbox.js';

/** Your function for each event; with an inbox, `delivery` says which recorded event and attempt this is. */
export type CallbackEventHandler = (
  event: CallbackEvent,
  delivery?: CallbackDelivery,
) => void | Promise<void>;

export interface CallbackErrorContext {
  /** Which step failed: the `authorize` check, the inbox's `record`, or the `onEvent` handler. */
  phase: 'authorize' | 'record' | 'onEvent';
  /** The event being recorded or handled, for 'record' and 'onEvent'. */
  event?: CallbackEvent;
  /** With an inbox: the attempt that failed. */
  attempt?: number;
  /** With an inbox: true when this failure parked the event (no attempt is left). */
  parked?: boolean;
}

export type CallbackErrorReporter = (error: unknown, context: CallbackErrorContext) => void;

/**
 * Runs the user's handler after the current task, so the 200 is already on its way (Kaleyra
 * only needs the acknowledgement). A microtask rather than setImmediate/setTimeout keeps this
 * identical on Node, Deno, Bun and edge runtimes. The promise never rejects: failures go to
 * `report`, and a reporter that itself throws is ignored.
 */
export async function deliverEvent(
  onEvent: CallbackEventHandler,
  event: CallbackEvent,
  report: CallbackErrorReporter | undefined,
): Promise<void> {
  // Yield once: the handler starts after the caller has written its answer.
  await undefined;
  try {
    await onEvent(event);
  } catch (error) {
    reportSafely(report, error, { phase: 'onEvent', event });
  }
}

/** Hands a failure to the reporter (console.error of the error alone by default); a throwing reporter is swallowed. */
export function reportSafely(
  report: CallbackErrorReporter | undefined,
  error: unknown,
  context: CallbackErrorContext,
): void {
  try {
    if (report) report(error, context);
    // Without a reporter the failure would vanish; the error alone is logged, never the event (it holds personal data).
    else console.error(`kaleyra-whatsapp: callback ${context.phase} failed`, error);
  } catch {
    // Reporting is best effort.
  }
}
