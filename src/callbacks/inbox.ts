import type { CallbackErrorReporter, CallbackEventHandler } from './deliver-event.js';
import type { CallbackEvent } from './events.js';

/**
 * Where a receiver records each callback before it answers, so that an acknowledged event is not
 * lost to a crash, a deploy or a failing handler. `fileCallbackInbox` (kaleyra-whatsapp/node)
 * keeps it in a file; `bullmqCallbackInbox` (kaleyra-whatsapp/callbacks/bullmq) in Redis. The
 * receiver answers 2xx only once `record` has resolved, and 503 when it rejects.
 */
export interface CallbackInbox {
  /**
   * Resolves once the event is recorded durably (or is a duplicate of one already recorded);
   * rejects when it cannot be, and the receiver then answers 503.
   */
  record(event: CallbackEvent): Promise<void>;
  /**
   * Starts handing recorded events, those left by an earlier run included, to `onEvent`: a
   * throw or rejection is retried with backoff, and an event that keeps failing is parked.
   * A receiver given the inbox calls this itself; call it once per inbox.
   */
  start(onEvent: CallbackEventHandler, options?: { onError?: CallbackErrorReporter }): void;
  /** The events that failed every attempt, with the last reason; none is dropped. */
  parked(): Promise<ParkedCallback[]>;
  /** Puts a parked event back to be delivered again; false when no parked event has that id. */
  replay(id: string): Promise<boolean>;
  /** Stops delivering, waits for deliveries under way, and releases the file or connection. */
  close(): Promise<void>;
}

/** What an inbox tells the event handler about one delivery. */
export interface CallbackDelivery {
  /** The recorded event's id: the same on every attempt and after a restart, so it can key your own dedupe. */
  id: string;
  /** 1 for the first attempt; a crash between your handler's end and the inbox's note of it repeats an attempt. */
  attempt: number;
}

/** An event that failed every attempt, kept until it is replayed. */
export interface ParkedCallback {
  /** The id to pass to `replay`. */
  id: string;
  /** The event as it was received. */
  event: CallbackEvent;
  /** The last failure's message. */
  reason: string;
  /** How many attempts were made. */
  attempts: number;
  /** When it was parked. */
  parkedAt: Date;
}

/** How an inbox retries a failing handler. */
export interface InboxRetryOptions {
  /** Attempts before an event is parked. Default 8. */
  attempts?: number;
  /** Delay before the second attempt, doubling after each failure. Default 1,000 ms. */
  backoffMs?: number;
  /** The longest delay between attempts. Default 300,000 ms (5 minutes). */
  maxBackoffMs?: number;
}

/** The retry settings an inbox applies, with the defaults filled in. */
export function inboxRetry(options: InboxRetryOptions = {}): Required<InboxRetryOptions> {
  const count = (value: number | undefined, fallback: number, min: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
  return {
    attempts: count(options.attempts, 8, 1),
    backoffMs: count(options.backoffMs, 1_000, 0),
    maxBackoffMs: count(options.maxBackoffMs, 300_000, 0),
  };
}

/**
 * The identity two deliveries of the same callback share: a status by message id and status, an
 * incoming message by its id, an upload or template update by its id, status and time. Events
 * with no such identity (quality and limit updates, flat incoming messages without an id, unknown
 * payloads) have none and are never treated as duplicates: two equal ones may be two real events.
 */
export function callbackDedupeKey(event: CallbackEvent): string | undefined {
  switch (event.kind) {
    case 'status':
      return `status:${event.messageId}:${event.status === 'unknown' ? `raw-${event.rawStatus ?? ''}` : event.status}`;
    case 'incoming':
      return event.messageId === undefined ? undefined : `incoming:${event.messageId}`;
    case 'upload':
      return `upload:${event.resumableMediaId}:${event.rawStatus ?? ''}:${event.time?.getTime() ?? ''}`;
    case 'template':
      return event.time === undefined
        ? undefined
        : `template:${event.id ?? event.messageTemplateId}:${event.rawEvent ?? ''}:${event.time.getTime()}`;
    default:
      return undefined;
  }
}

/** The delay before attempt `attempt + 1`: exponential with full jitter, so a fleet of retries spreads out. */
export function inboxBackoffMs(retry: Required<InboxRetryOptions>, attempt: number): number {
  const ceiling = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** A thrown value's message, as a parked event's reason. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'the handler failed with a value that cannot be shown';
  }
}
