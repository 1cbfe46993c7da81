import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One send as the server saw it: when it arrived, whose message it was, and how it was answered. */
export interface ArrivedSend {
  at: number;
  /** The job key the test put in the message (v2 text body or v1 body / template params). */
  key: string;
  status: number;
  /** The request body as it arrived (to see which number a message went to). */
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface SendServer {
  url: string;
  sends: ArrivedSend[];
  /** Calls `listener` once per arrival, e.g. to kill a process at the n-th send. */
  onSend(listener: (send: ArrivedSend, index: number) => void): void;
  close(): Promise<void>;
}

let accepted = 0;
export const ACCEPTED = (): Answer => ({
  status: 202,
  body: {
    code: 'WA202',
    message: 'Request Accepted',
    data: { message_id: `wamid.${++accepted}` },
    error: {},
  },
});

/**
 * A loopback Kaleyra stand-in for broadcast tests: every send is recorded on arrival (before any
 * delay), and `answer` decides per arrival what to reply. Keys are read back from the message so a
 * test can count how often each one reached the server.
 */
export async function startSendServer(
  answer: (key: string, index: number) => Answer = () => ACCEPTED(),
): Promise<SendServer> {
  const sends: ArrivedSend[] = [];
  const listeners: Array<(send: ArrivedSend, index: number) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const key = keyOf(req.headers['content-type'] ?? '', text);
      const index = sends.length;
      const reply = answer(key, index);
      const send = { at: Date.now(), key, status: reply.status, body: text };
      sends.push(send);
      for (const listener of listeners) listener(send, index);
      void (async () => {
        if (reply.delayMs) await sleep(reply.delayMs);
        if (res.destroyed) return;
        const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends,
    onSend: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function keyOf(contentType: string, text: string): string {
  if (contentType.startsWith('application/json')) {
    const message = (
      JSON.parse(text) as {
        messaging_object?: {
          text?: { body?: string };
          template?: { components?: Array<{ parameters?: Array<{ text?: string }> }> };
        };
      }
    ).messaging_object;
    return message?.text?.body ?? message?.template?.components?.[0]?.parameters?.[0]?.text ?? '';
  }
  const form = new URLSearchParams(text);
  return form.get('body') ?? form.get('params') ?? '';
}

/** Sends per key, counting only the answers that could have delivered a message (anything but 429). */
export function deliveriesPerKey(sends: readonly ArrivedSend[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const send of sends) if (send.status !== 429) counts.set(send.key, (counts.get(send.key) ?? 0) + 1);
  return counts;
}

/** The most sends that arrived within any window of `windowMs`. */
export function busiestWindow(sends: readonly ArrivedSend[], windowMs: number): number {
  const times = sends.map((s) => s.at).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * The longest silence at the server between `from` and `from + withinMs`. After a 429 that paused
 * every sender for N ms, it is close to N wherever in the window the pause began; with no pause it
 * is the gap between two ordinary sends.
 */
export function longestSilence(sends: readonly ArrivedSend[], from: number, withinMs: number): number {
  const times = sends
    .map((s) => s.at)
    .filter((at) => at >= from && at <= from + withinMs)
    .sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}
