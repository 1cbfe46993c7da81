import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFetchCallbackHandler,
  parseCallback,
  type CallbackDelivery,
  type CallbackEvent,
  type CallbackInbox,
} from '../../src/callbacks/index.js';
import {
  createNodeCallbackHandler,
  fileCallbackInbox,
  type NodeCallbackHandlerOptions,
} from '../../src/node/index.js';
import { statusCallback } from './inbox-payloads.js';
import { postRequest } from './requests.js';

// Issue 20: a receiver with an inbox answers 200 only once the event is in the file, delivers it
// with retries, refuses duplicates, parks what keeps failing, and picks up where a restart left off.
/** Deliveries run on timers and file writes: generous on a loaded machine. */
const WAIT = { timeout: 15_000, interval: 20 };
let dir: string;
let server: Server | undefined;
const inboxes: CallbackInbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-inbox-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  for (const inbox of inboxes.splice(0)) await inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function inboxAt(path: string, options: Parameters<typeof fileCallbackInbox>[1] = {}): CallbackInbox {
  const inbox = fileCallbackInbox(path, options);
  inboxes.push(inbox);
  return inbox;
}

async function listen(
  onEvent: (event: CallbackEvent, delivery?: CallbackDelivery) => void | Promise<void>,
  options: NodeCallbackHandlerOptions,
): Promise<string> {
  server = createServer(createNodeCallbackHandler(onEvent, options));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaleyra`;
}

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

async function event(body: string): Promise<CallbackEvent> {
  const result = await parseCallback(postRequest(body));
  if (!result.ok) throw new Error(result.rejection.message);
  return result.event;
}

describe('fileCallbackInbox behind createNodeCallbackHandler', () => {
  it('answers 200 only once the event is in the file, then delivers it with its id and attempt', async () => {
    const path = join(dir, 'inbox.jsonl');
    const deliveries: Array<{ messageId: string; delivery: CallbackDelivery | undefined }> = [];
    let release!: () => void;
    const url = await listen(
      async (event, delivery) => {
        if (event.kind === 'status') deliveries.push({ messageId: event.messageId, delivery });
        await new Promise<void>((resolve) => (release = resolve));
      },
      { inbox: inboxAt(path) },
    );
    const response = await post(url, statusCallback('m-1'));
    expect(response.status).toBe(200);
    // Written before the answer: the file already holds the payload.
    expect(readFileSync(path, 'utf8')).toContain('"message_id":"m-1"');
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), WAIT);
    expect(deliveries[0]).toEqual({ messageId: 'm-1', delivery: { id: '1', attempt: 1 } });
    release();
  });

  it('answers 503 while it cannot record, and reports why', async () => {
    const onError = vi.fn();
    const onEvent = vi.fn();
    // A folder that does not exist: the file cannot be opened.
    const url = await listen(onEvent, { inbox: inboxAt(join(dir, 'missing', 'inbox.jsonl')), onError });
    const response = await post(url, statusCallback('m-2'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, error: 'inbox-unavailable' });
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ENOENT' }),
      expect.objectContaining({ phase: 'record' }),
    );
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('delivers the same message id and status once; another status of it is another event', async () => {
    const seen: string[] = [];
    const url = await listen((event) => void (event.kind === 'status' && seen.push(event.status)), {
      inbox: inboxAt(join(dir, 'inbox.jsonl')),
    });
    const answers = await Promise.all(
      [
        statusCallback('m-3', 'sent'),
        statusCallback('m-3', 'sent'),
        statusCallback('m-3', 'delivered'),
        statusCallback('m-3', 'sent'),
      ].map((body) => post(url, body)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await vi.waitFor(() => expect(seen.sort()).toEqual(['delivered', 'sent']), WAIT);
    await post(url, statusCallback('m-3', 'sent'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(2);
  });

  it('retries a failing handler with backoff, parks what keeps failing with its reason, and replays it', async () => {
    const path = join(dir, 'inbox.jsonl');
    const attempts: Record<string, number[]> = {};
    let healed = false;
    const inbox = inboxAt(path, { attempts: 3, backoffMs: 20 });
    const url = await listen(
      (event, delivery) => {
        if (event.kind !== 'status') return;
        (attempts[event.messageId] ??= []).push(delivery!.attempt);
        if (event.refs.ref === 'poison' && !healed) throw new Error('database refused the row');
      },
      { inbox, onError: () => undefined },
    );
    await post(url, statusCallback('bad', 'sent', 'poison'));
    await post(url, statusCallback('good', 'sent'));
    await vi.waitFor(async () => expect(await inbox.parked()).toHaveLength(1), WAIT);
    expect(attempts).toEqual({ bad: [1, 2, 3], good: [1] });
    const [parked] = await inbox.parked();
    expect(parked).toMatchObject({
      reason: 'database refused the row',
      attempts: 3,
      event: { messageId: 'bad' },
    });
    healed = true;
    expect(await inbox.replay(parked!.id)).toBe(true);
    expect(await inbox.replay(parked!.id)).toBe(false);
    await vi.waitFor(() => expect(attempts.bad).toEqual([1, 2, 3, 1]), WAIT);
    expect(await inbox.parked()).toEqual([]);
  });
});

describe('fileCallbackInbox across restarts', () => {
  it('delivers after a restart what was recorded but not delivered, keeps parked events and refuses old duplicates', async () => {
    const path = join(dir, 'inbox.jsonl');
    const first = fileCallbackInbox(path, { attempts: 1 });
    await first.record(await event(statusCallback('left-1')));
    await first.record(await event(statusCallback('left-2')));
    const failing = vi.fn(() => {
      throw new Error('no database yet');
    });
    await first.record(await event(statusCallback('to-park', 'sent', 'poison')));
    first.start(
      (e) => (e.kind === 'status' && e.refs.ref === 'poison' ? failing() : new Promise(() => undefined)),
      {
        onError: () => undefined,
      },
    );
    await vi.waitFor(async () => expect(await first.parked()).toHaveLength(1), WAIT);
    // No close: the process dies with two deliveries under way.

    const received: string[] = [];
    const second = inboxAt(path);
    second.start((e) => void (e.kind === 'status' && received.push(e.messageId)));
    await vi.waitFor(() => expect(received.sort()).toEqual(['left-1', 'left-2']), WAIT);
    const [parked] = await second.parked();
    expect(parked).toMatchObject({
      reason: 'no database yet',
      event: { kind: 'status', messageId: 'to-park' },
    });
    expect((parked!.event as { receivedAt: Date }).receivedAt).toBeInstanceOf(Date);
    await second.close();
    inboxes.splice(inboxes.indexOf(second), 1);

    const third = inboxAt(path);
    const again: string[] = [];
    third.start((e) => void (e.kind === 'status' && again.push(e.messageId)));
    await third.record(await event(statusCallback('left-1')));
    await third.record(await event(statusCallback('new-1')));
    await vi.waitFor(() => expect(again).toEqual(['new-1']), WAIT);
  });

  it('records a body as received, on one line whatever its layout, and gives it back whole after a restart', async () => {
    const path = join(dir, 'inbox.jsonl');
    // Compact, pretty-printed (line breaks inside), with escapes and a key named like a prototype member.
    const compact = statusCallback('as-sent', 'read', 'line\u2028sep "quoted" \\ é');
    const pretty = JSON.stringify(JSON.parse(statusCallback('pretty')), null, 2);
    // An own "__proto__" key, and a number past a double (Infinity once parsed, null if serialised again).
    const odd = statusCallback('odd').replace('{', '{"__proto__":{"x":1},"big":1e400,');
    const bodies = [compact, pretty, odd];
    // Through the receiver, which keeps a JSON body's text for its inbox; the first inbox never delivers.
    const url = await listen(() => new Promise(() => undefined), { inbox: fileCallbackInbox(path) });
    for (const body of bodies) expect((await post(url, body)).status).toBe(200);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('{"e":'))).toHaveLength(3);
    // The compact body is written as it came, byte for byte.
    expect(lines[0]).toContain(`"raw":${compact}}`);
    const received: CallbackEvent[] = [];
    const second = inboxAt(path);
    second.start((e) => void received.push(e));
    await vi.waitFor(() => expect(received).toHaveLength(3), WAIT);
    expect(received.map((e) => e.raw)).toEqual(bodies.map((body) => JSON.parse(body) as unknown));
    expect(Object.hasOwn(received[2]!.raw as object, '__proto__')).toBe(true);
    expect((received[2]!.raw as { big: number }).big).toBe(Infinity);
    expect(received.map((e) => e.kind === 'status' && e.messageId)).toEqual(['as-sent', 'pretty', 'odd']);
  });

  it('drops a line cut short by a crash and starts the next record on a line of its own', async () => {
    const path = join(dir, 'inbox.jsonl');
    const first = fileCallbackInbox(path);
    await first.record(await event(statusCallback('whole')));
    appendFileSync(path, '{"e":2,"at":1,"raw":{"mess');
    const received: string[] = [];
    const second = inboxAt(path);
    second.start((e) => void (e.kind === 'status' && received.push(e.messageId)));
    await second.record(await event(statusCallback('after')));
    await vi.waitFor(() => expect(received).toEqual(['whole', 'after']), WAIT);
    for (const line of readFileSync(path, 'utf8').trimEnd().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps the file the size of what is pending: 20,000 delivered events compact away, streamed on restart', async () => {
    const path = join(dir, 'inbox.jsonl');
    const inbox = fileCallbackInbox(path, { compactAfter: 2_000, dedupeWindow: 1_000 });
    let delivered = 0;
    inbox.start(() => void delivered++);
    const sample = await event(statusCallback('x'));
    if (sample.kind !== 'status') throw new Error('expected a status event');
    for (let i = 0; i < 20_000; i += 500)
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          inbox.record({ ...sample, messageId: `m-${i + j}`, raw: { n: i + j, pad: 'x'.repeat(200) } }),
        ),
      );
    await vi.waitFor(() => expect(delivered).toBe(20_000), { timeout: 30_000, interval: 50 });
    await inbox.close();
    // 20,000 events of ~250 bytes each, twice over (event and delivery lines), would be ~5 MB.
    expect(statSync(path).size).toBeLessThan(200_000);

    // A restart reads a big file as a stream and rewrites it: 30,000 settled events written by hand.
    const lines: string[] = [];
    for (let id = 1; id <= 30_000; id++)
      lines.push(
        JSON.stringify({ e: id, k: `status:big-${id}:sent`, at: 1, raw: { pad: 'y'.repeat(200) } }),
        `{"d":${id}}`,
      );
    lines.push(JSON.stringify({ e: 30_001, at: 1, raw: { left: true } }));
    writeFileSync(path, lines.join('\n') + '\n');
    const restarted = inboxAt(path, { dedupeWindow: 1_000 });
    const left: unknown[] = [];
    restarted.start((e) => void left.push(e.raw));
    await vi.waitFor(() => expect(left).toEqual([{ left: true }]), WAIT);
    expect(statSync(path).size).toBeLessThan(100_000);
  });
});

describe('an inbox behind createFetchCallbackHandler', () => {
  it('answers 503 when record rejects and 200 once it resolves, and starts the inbox with onEvent', async () => {
    let fail = true;
    const recorded: CallbackEvent[] = [];
    const start = vi.fn();
    const inbox: CallbackInbox = {
      record: async (e) => {
        if (fail) throw new Error('redis down');
        recorded.push(e);
      },
      start,
      parked: async () => [],
      replay: async () => false,
      close: async () => undefined,
    };
    const onEvent = vi.fn();
    const handler = createFetchCallbackHandler(onEvent, { inbox, onError: () => undefined });
    expect(start).toHaveBeenCalledWith(onEvent, { onError: expect.any(Function) });
    expect((await handler(postRequest(statusCallback('f-1')))).status).toBe(503);
    fail = false;
    const ok = await handler(postRequest(statusCallback('f-1')));
    expect(ok.status).toBe(200);
    expect(recorded).toHaveLength(1);
    // The inbox delivers, not the handler.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onEvent).not.toHaveBeenCalled();
  });
});
