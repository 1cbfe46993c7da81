import { createReadStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import {
  reportSafely,
  type CallbackErrorReporter,
  type CallbackEventHandler,
} from '../callbacks/deliver-event.js';
import type { CallbackEvent } from '../callbacks/events.js';
import {
  callbackDedupeKey,
  failureReason,
  inboxBackoffMs,
  inboxRetry,
  type CallbackInbox,
  type InboxRetryOptions,
  type ParkedCallback,
} from '../callbacks/inbox.js';
import { eventOf } from '../callbacks/parse-callback.js';
import { payloadJson } from '../callbacks/payload-json.js';
import { isRejection } from '../callbacks/rejection.js';

export interface FileCallbackInboxOptions extends InboxRetryOptions {
  /**
   * Also fsync each batch of records before answering, so an acknowledged event survives a power
   * cut, not only a crash of this process (a completed write() is already safe from kill -9: the
   * kernel holds it). Records arriving together share one fsync. Slower. Default false.
   */
  fsync?: boolean;
  /** Events handed to your function at once. Default 4. */
  concurrency?: number;
  /** Keys of delivered events remembered to refuse duplicates, the oldest forgotten first. Default 100,000. */
  dedupeWindow?: number;
  /** Records appended before the file is rewritten with only what is still needed. Default 50,000. */
  compactAfter?: number;
}

/** One recorded event not yet delivered (or parked), with its line as written. */
interface InboxRecord {
  id: number;
  key: string | undefined;
  /** The event's line in the file (without the newline), rewritten as is by compaction. */
  line: string;
  attempts: number;
  reason?: string;
  /** The event as parsed in this process; events recorded by an earlier run are rebuilt from `line`. */
  event?: CallbackEvent;
  parkedAt?: number;
}

/** The lines of the file: an event, delivered, a failed attempt, parked, replayed, remembered keys. */
type LogLine =
  | { e: number; k?: string; at: number; raw: unknown }
  | { d: number }
  | { f: number; n: number; r: string }
  | { p: number; n: number; r: string; t: number }
  | { u: number }
  | { keys: string[] };

const KEYS_PER_LINE = 1_000;
const CLOSE_WAIT_MS = 10_000;

/**
 * A durable callback inbox in one JSON-lines file on the local disk, for one process. An event is
 * acknowledged once its line is written (and fsynced with `fsync: true`); deliveries, failures,
 * parking and replays are appended after it. A restart reads the file as a stream, line by line,
 * delivers what was not delivered, and rewrites it without what is settled; while running, the
 * file is rewritten the same way every `compactAfter` records, so it stays the size of what is
 * pending plus the dedupe window, however many millions of callbacks pass through.
 */
export function fileCallbackInbox(path: string, options: FileCallbackInboxOptions = {}): CallbackInbox {
  return new FileCallbackInbox(path, options);
}

class FileCallbackInbox implements CallbackInbox {
  readonly #path: string;
  readonly #fsync: boolean;
  readonly #retry: Required<InboxRetryOptions>;
  readonly #concurrency: number;
  readonly #dedupeWindow: number;
  readonly #compactAfter: number;

  #handle: FileHandle | undefined;
  #size = 0;
  #nextId = 1;
  readonly #pending = new Map<number, InboxRecord>();
  readonly #parked = new Map<number, InboxRecord>();
  /** Keys of pending or parked events, to the record. */
  readonly #liveKeys = new Map<string, number>();
  /** Keys of delivered events, oldest first. */
  readonly #deliveredKeys = new Set<string>();
  /** Records whose write is under way, by key: a duplicate arriving meanwhile waits for the same write. */
  readonly #recording = new Map<string, Promise<void>>();

  readonly #loaded: Promise<void>;
  #queue: string[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #draining: Promise<void> | undefined;
  #linesSinceCompaction = 0;
  #compactWanted = false;

  #onEvent: CallbackEventHandler | undefined;
  #onError: CallbackErrorReporter | undefined;
  readonly #ready: number[] = [];
  #readyHead = 0;
  readonly #active = new Set<Promise<void>>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;
  /** Set once the file is read (and compacted): deliveries start then. */
  #open = false;

  constructor(path: string, options: FileCallbackInboxOptions) {
    this.#path = path;
    this.#fsync = options.fsync === true;
    this.#retry = inboxRetry(options);
    this.#concurrency = positive(options.concurrency, 4);
    this.#dedupeWindow = positive(options.dedupeWindow, 100_000);
    this.#compactAfter = positive(options.compactAfter, 50_000);
    this.#loaded = this.#load();
    // A file that cannot be read is reported by every record() (a 503), not as an unhandled rejection.
    this.#loaded.catch(() => undefined);
  }

  async record(event: CallbackEvent): Promise<void> {
    // Once open, no wait: an await of the settled load was one more promise turn per callback.
    if (!this.#open) await this.#loaded;
    if (this.#closed) throw new Error(`callback inbox ${this.#path} is closed`);
    const key = callbackDedupeKey(event);
    if (key !== undefined) {
      const underway = this.#recording.get(key);
      if (underway) return underway;
      if (this.#liveKeys.has(key) || this.#deliveredKeys.has(key)) return;
    }
    const id = this.#nextId++;
    // The line JSON.stringify({ e, k, at, raw }) would write, with the body's own text as `raw`.
    const raw = payloadJson(event.raw);
    const line =
      `{"e":${id}` +
      (key === undefined ? '' : `,"k":${JSON.stringify(key)}`) +
      `,"at":${JSON.stringify(event.receivedAt.getTime())}` +
      (raw === undefined ? '}' : `,"raw":${raw}}`);
    const record: InboxRecord = { id, key, line, attempts: 0, event };
    const written = this.#append(record.line).then(() => {
      this.#pending.set(id, record);
      if (key !== undefined) this.#liveKeys.set(key, id);
      this.#enqueue(id);
    });
    if (key === undefined) return written;
    this.#recording.set(key, written);
    try {
      await written;
    } finally {
      this.#recording.delete(key);
    }
  }

  start(onEvent: CallbackEventHandler, options: { onError?: CallbackErrorReporter } = {}): void {
    if (this.#onEvent) throw new Error(`callback inbox ${this.#path} is already started`);
    this.#onEvent = onEvent;
    this.#onError = options.onError;
    this.#loaded.then(
      () => this.#pump(),
      (error: unknown) => reportSafely(this.#onError, error, { phase: 'record' }),
    );
  }

  async parked(): Promise<ParkedCallback[]> {
    await this.#loaded;
    return [...this.#parked.values()].map((record) => ({
      id: String(record.id),
      event: this.#eventOf(record),
      reason: record.reason ?? '',
      attempts: record.attempts,
      parkedAt: new Date(record.parkedAt ?? 0),
    }));
  }

  async replay(id: string): Promise<boolean> {
    await this.#loaded;
    const record = this.#parked.get(Number(id));
    if (!record) return false;
    await this.#append(JSON.stringify({ u: record.id } satisfies LogLine));
    this.#parked.delete(record.id);
    record.attempts = 0;
    delete record.reason;
    delete record.parkedAt;
    this.#pending.set(record.id, record);
    this.#enqueue(record.id);
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A handler that never settles must not hold the close forever; its event stays undelivered in the file.
    await Promise.race([
      Promise.allSettled([...this.#active]),
      new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
    ]);
    clearTimeout(timer);
    await this.#loaded.catch(() => undefined);
    await this.#draining;
    await this.#handle?.close();
    this.#handle = undefined;
  }

  // ---- the file ----

  async #load(): Promise<void> {
    let valid = 0;
    let lines = 0;
    try {
      valid = await this.#readLines((line, text) => {
        lines++;
        this.#apply(line, text);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.#handle = await open(this.#path, 'a');
    // A line cut short by a crash is dropped, so the next record starts on a line of its own.
    const { size } = await this.#handle.stat();
    if (size > valid) await this.#handle.truncate(valid);
    this.#size = valid;
    this.#linesSinceCompaction = lines;
    if (lines > 1_000 && lines > 2 * this.#liveLines()) await this.#compact();
    // Only now: a delivery's note would start a write (and maybe a compaction) beside this one.
    this.#open = true;
    for (const id of this.#pending.keys()) this.#enqueue(id);
  }

  /** Streams the file's complete lines to `onLine`; returns the bytes up to the end of the last one. */
  async #readLines(onLine: (line: LogLine, text: string) => void): Promise<number> {
    let carry: Buffer | undefined;
    let offset = 0;
    let valid = 0;
    for await (const chunk of createReadStream(this.#path, { highWaterMark: 1 << 20 })) {
      const bytes = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
        const text = bytes.toString('utf8', start, end);
        const line = parseLine(text);
        if (line !== undefined) onLine(line, text);
        start = end + 1;
        valid = offset + start;
      }
      offset += start;
      carry = start < bytes.length ? bytes.subarray(start) : undefined;
    }
    return valid;
  }

  #apply(line: LogLine, text: string): void {
    if ('e' in line) {
      const key = typeof line.k === 'string' ? line.k : undefined;
      const record: InboxRecord = { id: line.e, key, line: text, attempts: 0 };
      this.#pending.set(line.e, record);
      if (key !== undefined) this.#liveKeys.set(key, line.e);
      if (line.e >= this.#nextId) this.#nextId = line.e + 1;
    } else if ('d' in line) {
      const record = this.#pending.get(line.d);
      if (record) this.#settle(record);
    } else if ('f' in line) {
      const record = this.#pending.get(line.f);
      if (record) Object.assign(record, { attempts: line.n, reason: line.r });
    } else if ('p' in line) {
      const record = this.#pending.get(line.p);
      if (record) this.#park(record, line.n, line.r, line.t);
    } else if ('u' in line) {
      const record = this.#parked.get(line.u);
      if (record) {
        this.#parked.delete(line.u);
        Object.assign(record, { attempts: 0, reason: undefined, parkedAt: undefined });
        this.#pending.set(line.u, record);
      }
    } else if ('keys' in line && Array.isArray(line.keys)) {
      for (const key of line.keys) if (typeof key === 'string') this.#remember(key);
    }
  }

  /** Queues one line; resolves once it (and the lines before it) are written, and fsynced when asked. */
  #append(line: string): Promise<void> {
    if (!this.#handle) return Promise.reject(new Error(`callback inbox ${this.#path} is not open`));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push(line + '\n');
      this.#waiters.push({ resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 || this.#compactWanted) {
        if (this.#queue.length === 0) {
          this.#compactWanted = false;
          await this.#compact().catch((error: unknown) =>
            reportSafely(this.#onError, error, { phase: 'record' }),
          );
          continue;
        }
        const lines = this.#queue;
        const waiters = this.#waiters;
        this.#queue = [];
        this.#waiters = [];
        try {
          await this.#write(Buffer.from(lines.join(''), 'utf8'));
          this.#linesSinceCompaction += lines.length;
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
        if (
          this.#linesSinceCompaction >= this.#compactAfter &&
          this.#linesSinceCompaction > 2 * this.#liveLines()
        )
          this.#compactWanted = true;
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** Writes the bytes whole or not at all: a short write is finished, a failed one cut back off the file. */
  async #write(bytes: Buffer): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error(`callback inbox ${this.#path} is not open`);
    let done = 0;
    try {
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
        if (bytesWritten <= 0) throw new Error(`callback inbox ${this.#path}: write made no progress`);
        done += bytesWritten;
      }
      if (this.#fsync) await handle.datasync();
    } catch (error) {
      // Half a record must not stay in the file: the next line would be glued to it.
      await handle.truncate(this.#size).catch(() => undefined);
      throw error;
    }
    this.#size += bytes.length;
  }

  /** Lines a rewrite of the file would hold now. */
  #liveLines(): number {
    return this.#pending.size + 2 * this.#parked.size + Math.ceil(this.#deliveredKeys.size / KEYS_PER_LINE);
  }

  /**
   * Rewrites the file with only what is still needed: remembered keys, parked events and pending
   * ones. Runs between writes (nothing queued is unwritten), from a snapshot taken at once; the new
   * file is fsynced before it replaces the old one, so a crash leaves one or the other whole.
   */
  async #compact(): Promise<void> {
    const lines: string[] = [];
    const keys = [...this.#deliveredKeys];
    for (let i = 0; i < keys.length; i += KEYS_PER_LINE)
      lines.push(JSON.stringify({ keys: keys.slice(i, i + KEYS_PER_LINE) } satisfies LogLine));
    for (const record of this.#parked.values()) {
      lines.push(record.line);
      const { id, attempts: n, reason: r = '', parkedAt: t = 0 } = record;
      lines.push(JSON.stringify({ p: id, n, r, t } satisfies LogLine));
    }
    for (const record of this.#pending.values()) {
      lines.push(record.line);
      if (record.attempts > 0)
        lines.push(
          JSON.stringify({ f: record.id, n: record.attempts, r: record.reason ?? '' } satisfies LogLine),
        );
    }
    const temporary = `${this.#path}.compacting`;
    const next = await open(temporary, 'w');
    let size = 0;
    try {
      for (let i = 0; i < lines.length;) {
        let chunk = '';
        while (i < lines.length && chunk.length < 1 << 20) chunk += lines[i++] + '\n';
        const bytes = Buffer.from(chunk, 'utf8');
        for (let done = 0; done < bytes.length;) {
          const { bytesWritten } = await next.write(bytes, done, bytes.length - done);
          if (bytesWritten <= 0) throw new Error(`callback inbox ${temporary}: write made no progress`);
          done += bytesWritten;
        }
        size += bytes.length;
      }
      await next.datasync();
    } catch (error) {
      await next.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
    await next.close();
    await rename(temporary, this.#path);
    const previous = this.#handle;
    this.#handle = await open(this.#path, 'a');
    await previous?.close();
    this.#size = size;
    this.#linesSinceCompaction = lines.length;
  }

  // ---- delivery ----

  #enqueue(id: number): void {
    this.#ready.push(id);
    this.#pump();
  }

  #pump(): void {
    if (!this.#onEvent || !this.#open) return;
    while (!this.#closed && this.#active.size < this.#concurrency && this.#readyHead < this.#ready.length) {
      const id = this.#ready[this.#readyHead++]!;
      if (this.#readyHead > 1_024 && this.#readyHead * 2 > this.#ready.length) {
        this.#ready.splice(0, this.#readyHead);
        this.#readyHead = 0;
      }
      const record = this.#pending.get(id);
      if (!record) continue;
      const delivery = this.#deliver(this.#onEvent, record).finally(() => {
        this.#active.delete(delivery);
        this.#pump();
      });
      this.#active.add(delivery);
    }
  }

  async #deliver(onEvent: CallbackEventHandler, record: InboxRecord): Promise<void> {
    const attempt = record.attempts + 1;
    const event = this.#eventOf(record);
    try {
      await onEvent(event, { id: String(record.id), attempt });
    } catch (error) {
      const reason = failureReason(error);
      record.attempts = attempt;
      record.reason = reason;
      const parked = attempt >= this.#retry.attempts;
      reportSafely(this.#onError, error, { phase: 'onEvent', event, attempt, parked });
      if (parked) {
        this.#park(record, attempt, reason, Date.now());
        this.#note({ p: record.id, n: attempt, r: reason, t: record.parkedAt! });
      } else {
        this.#note({ f: record.id, n: attempt, r: reason });
        const timer = setTimeout(
          () => {
            this.#timers.delete(timer);
            this.#enqueue(record.id);
          },
          inboxBackoffMs(this.#retry, attempt),
        );
        this.#timers.add(timer);
      }
      return;
    }
    this.#settle(record);
    this.#note({ d: record.id });
  }

  /**
   * Appends a delivery note without holding the delivery slot (close() waits for the writes). One
   * that cannot be written means a redelivery after a restart, never a loss.
   */
  #note(line: LogLine): void {
    this.#append(JSON.stringify(line)).catch((error: unknown) =>
      reportSafely(this.#onError, error, { phase: 'record' }),
    );
  }

  #eventOf(record: InboxRecord): CallbackEvent {
    if (record.event) return record.event;
    const { raw, at } = JSON.parse(record.line) as { raw: unknown; at: number };
    const event = eventOf(raw, new Date(at));
    return isRejection(event) ? { kind: 'unknown', raw, receivedAt: new Date(at) } : event;
  }

  #settle(record: InboxRecord): void {
    this.#pending.delete(record.id);
    if (record.key !== undefined) {
      this.#liveKeys.delete(record.key);
      this.#remember(record.key);
    }
  }

  #park(record: InboxRecord, attempts: number, reason: string, parkedAt: number): void {
    this.#pending.delete(record.id);
    Object.assign(record, { attempts, reason, parkedAt });
    delete record.event;
    this.#parked.set(record.id, record);
  }

  #remember(key: string): void {
    this.#deliveredKeys.delete(key);
    this.#deliveredKeys.add(key);
    if (this.#deliveredKeys.size > this.#dedupeWindow) {
      const oldest = this.#deliveredKeys.values().next();
      if (!oldest.done) this.#deliveredKeys.delete(oldest.value);
    }
  }
}

/** A line of the file, or undefined for one cut short by a crash (only ever the last) or not of this format. */
function parseLine(text: string): LogLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const line: { [name: string]: unknown } = { ...value };
  const { e, d, f, p, u, at, k, raw, t } = line;
  const reason = typeof line.r === 'string' ? line.r : '';
  const n = typeof line.n === 'number' ? line.n : 0;
  if (typeof e === 'number' && typeof at === 'number')
    return typeof k === 'string' ? { e, k, at, raw } : { e, at, raw };
  if (typeof d === 'number') return { d };
  if (typeof f === 'number') return { f, n, r: reason };
  if (typeof p === 'number') return { p, n, r: reason, t: typeof t === 'number' ? t : 0 };
  if (typeof u === 'number') return { u };
  if (Array.isArray(line.keys)) return { keys: line.keys.filter((key) => typeof key === 'string') };
  return undefined;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
