import { appendFileSync, readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { CallbackDelivery, CallbackEvent } from '../../src/callbacks/index.js';
import { statusCallback } from './inbox-payloads.js';

/**
 * The BullMQ worker's lock and stalled-check interval in the Redis-restart receiver: a job taken as
 * Redis died (its fetch answered by a Redis that then lost the connection) is delivered again only
 * after both, so the check waits for them.
 */
export const STALL = { lockDurationMs: 4_000, stalledIntervalMs: 2_000 };

/** One callback the checks send: its key (`<message id>:<status>`) and whether the handler throws for it. */
export interface SentCallback {
  key: string;
  body: string;
  poison: boolean;
}

/** `count` status callbacks; every 97th is poison (its handler throws), every 50th is sent twice. */
export function callbacks(count: number): SentCallback[] {
  const list: SentCallback[] = [];
  for (let i = 0; i < count; i++) {
    const poison = i % 97 === 13;
    const item = {
      key: `m-${i}:delivered`,
      body: statusCallback(`m-${i}`, 'delivered', poison ? 'poison' : 'order'),
      poison,
    };
    list.push(item);
    if (i % 50 === 7) list.push(item);
  }
  return list;
}

/** One answer the sender saw: when the request started and ended, and its status (0: no answer). */
export interface Answer {
  key: string;
  start: number;
  end: number;
  status: number;
}

/**
 * Sends every callback with `concurrency` in flight, each again after a pause until it is answered
 * 200 (Kaleyra documents no retries; the sender here retries so every event ends acknowledged).
 */
export async function sendAll(
  url: string,
  list: SentCallback[],
  concurrency: number,
  answers: Answer[],
): Promise<Set<string>> {
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1 });
  const acked = new Set<string>();
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const item = list[next++]!;
      for (;;) {
        const start = Date.now();
        let status = 0;
        try {
          const response = await request(url, {
            method: 'POST',
            body: item.body,
            headers: { 'content-type': 'application/json' },
            dispatcher,
            headersTimeout: 5_000,
            bodyTimeout: 5_000,
          });
          status = response.statusCode;
          await response.body.text();
        } catch {
          // Refused or reset: the receiver is down or was killed mid-request.
        }
        answers.push({ key: item.key, start, end: Date.now(), status });
        if (status === 200) {
          acked.add(item.key);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await dispatcher.close();
  return acked;
}

/** The deliveries the receiver's function wrote: key to the delivery ids it saw, one per delivery. */
export function readDeliveries(path: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return seen;
  }
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [key, id] = line.split(' ');
    seen.set(key!, [...(seen.get(key!) ?? []), id!]);
  }
  return seen;
}

/**
 * The user's function in these checks: appends one line per delivery (`<message id>:<status>
 * <delivery id> <attempt>`) with a synchronous write, so what it saw survives a kill -9; a
 * callback with ref "poison" throws.
 */
export function recordingHandler(path: string) {
  return (event: CallbackEvent, delivery?: CallbackDelivery): void => {
    if (event.kind !== 'status') throw new Error(`unexpected ${event.kind} event`);
    if (event.refs.ref === 'poison') throw new Error(`poison ${event.messageId}`);
    appendFileSync(path, `${event.messageId}:${event.status} ${delivery?.id} ${delivery?.attempt}\n`);
  };
}
