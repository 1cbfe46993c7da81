import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import {
  JournalFold,
  parseJournalLine,
  type BroadcastJournal,
  type JournalEntry,
  type JournalRecord,
  type JournalState,
} from '../broadcast/index.js';
import { asEntry } from '../broadcast/journal.js';
import { KaleyraJournalError } from '../errors/journal-error.js';
import { lockJournal } from './journal-lock.js';

export interface FileJournalOptions {
  /**
   * Also fsync after every write, so the journal survives a power cut, not only a crash of this
   * process (a plain write is already safe from kill -9: the kernel holds it). Slower. Default false.
   */
  fsync?: boolean;
}

/** Bytes read at a time when loading: the load holds one chunk and the keys, never the file. */
const CHUNK_BYTES = 1 << 20;
/** No record comes near this; a longer "line" means the file is not a journal. */
const LONGEST_LINE_BYTES = 64 << 20;
const NEWLINE = 0x0a;
const NUL = 0x00;

/**
 * A broadcast journal in a JSON-lines file, appended to and never rewritten.
 *
 * - One writer: `load()` takes `<path>.lock` (see lockJournal) and fails at once, naming the holder,
 *   if another process has it; `close()` gives it back, and a kill -9 leaves none that counts.
 * - Streamed: `load()` reads the file a chunk at a time and folds each line as it comes, keeping
 *   per key only where its last record is (see JournalKeys) and reading the record back when the run
 *   meets the key: memory follows the keys, a few dozen bytes each, not the file's bytes or records,
 *   and a file past V8's longest string loads.
 * - Group commit: records appended while a write is under way go out together in the next one, so
 *   concurrent lanes share writes; each record's promise resolves only once its bytes are all
 *   written (a short write is finished, or fails).
 * - Fail-stop: a write that fails (ENOSPC, EFBIG from a file size limit, EIO) rejects its records
 *   and every later one, so no send starts on an attempt the file does not hold whole. A cut-short
 *   line it may leave is read as such on the next load.
 */
export function fileJournal(path: string, options: FileJournalOptions = {}): BroadcastJournal {
  let handle: FileHandle | undefined;
  let release: (() => Promise<void>) | undefined;
  let broken: KaleyraJournalError | undefined;
  let pending: Array<{ line: string; resolve: () => void; reject: (error: Error) => void }> = [];
  let flushing: Promise<void> | undefined;

  /** Writes every byte (a short write is continued) or throws, saying how many made it. */
  async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
        if (bytesWritten <= 0) throw new Error('the write made no progress');
        offset += bytesWritten;
      }
    } catch (error) {
      throw new PartialWrite(offset, error);
    }
    if (options.fsync) await file.datasync();
  }

  function fail(error: unknown): KaleyraJournalError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    broken ??= new KaleyraJournalError(
      'write-failed',
      path,
      `${path}: a record could not be written whole (${code ?? (error instanceof Error ? error.message : String(error))}); the broadcast stopped before the send it announced. Free space, then run it again with the same journal`,
      error,
    );
    return broken;
  }

  async function flush(file: FileHandle): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        if (broken) throw broken;
        await writeAll(file, Buffer.from(batch.map((entry) => entry.line).join('')));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        // Records the file holds whole before the failure are written: their sends may go ahead
        // (a rerun sees them). Without fsync that is every byte written; with it, none is sure.
        let whole = error instanceof PartialWrite && !options.fsync ? error.written : 0;
        const failure = fail(error instanceof PartialWrite ? error.cause : error);
        for (const entry of batch) {
          whole -= Buffer.byteLength(entry.line);
          if (whole >= 0) entry.resolve();
          else entry.reject(failure);
        }
      }
    }
    flushing = undefined;
  }

  return {
    name: path,
    async load(): Promise<JournalState> {
      if (release) throw new Error(`journal ${path}: load() was already called`);
      release = await lockJournal(path);
      try {
        const file = (handle = await open(path, 'a+'));
        const fold = new JournalFold((place, length) => readRecord(file, path, place, length), path);
        const endsWithNewline = await readLines(handle, path, (line, lineNumber, place, length) => {
          const record = parseJournalLine(line, lineNumber, path);
          if (record) fold.add(record, place, length, lineNumber);
          else if (line.trim() !== '') fold.state.cutShort++;
        });
        // A line cut short by a crash must not swallow the next record.
        if (!endsWithNewline)
          await writeAll(handle, Buffer.from('\n')).catch((error: PartialWrite) =>
            Promise.reject(fail(error.cause)),
          );
        return fold.state;
      } catch (error) {
        await handle?.close();
        handle = undefined;
        await release();
        throw error;
      }
    },
    append(record: JournalRecord): Promise<void> {
      const file = handle;
      if (!file) return Promise.reject(new Error(`journal ${path}: load() it before appending`));
      if (broken) return Promise.reject(broken);
      return new Promise<void>((resolve, reject) => {
        pending.push({ line: JSON.stringify(record) + '\n', resolve, reject });
        flushing ??= flush(file);
      });
    },
    async close() {
      await flushing;
      await handle?.close();
      handle = undefined;
      await release?.();
    },
  };
}

/**
 * Reads back the record `load()` found at byte `place`, when the run meets its key. Synchronous: a
 * few hundred bytes the file wrote and the OS most likely still caches, read at the moment the
 * caller decides whether to send, without a turn of the event loop. The file is only ever appended
 * to, and no other process writes it while the lock is held, so the bytes are the ones read at load.
 */
function readRecord(file: FileHandle, path: string, place: number, length: number): JournalEntry | undefined {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const got = readSync(file.fd, bytes, read, length - read, place + read);
    if (got === 0) break;
    read += got;
  }
  return asEntry(parseJournalLine(bytes.toString('utf8', 0, read), 0, path));
}

/** A failed write, and how many of its bytes reached the file before it failed. */
class PartialWrite extends Error {
  constructor(
    readonly written: number,
    override readonly cause: unknown,
  ) {
    super('partial write');
  }
}

/**
 * Calls `onLine` for every line of the file, a chunk at a time, with where it is (its first byte's
 * offset and its length in bytes). A line ends at a line feed or at a NUL byte (JSON holds none raw;
 * a power cut can leave runs of them where a write was lost), and NUL runs are skipped. Line numbers count line feeds, as an editor does. Resolves with whether the
 * file is empty or ends with a line feed.
 */
async function readLines(
  file: FileHandle,
  path: string,
  onLine: (line: string, lineNumber: number, place: number, length: number) => void,
): Promise<boolean> {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let held = 0; // bytes of an unfinished line, kept at the buffer's start
  let position = 0;
  let lineNumber = 1;
  let lastByte = NEWLINE;
  for (;;) {
    if (held === buffer.length) {
      if (buffer.length >= LONGEST_LINE_BYTES)
        throw new KaleyraJournalError(
          'not-a-journal',
          path,
          `${path}: line ${lineNumber} is longer than any journal record; is this a broadcast journal?`,
        );
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, held);
      buffer = larger;
    }
    const { bytesRead } = await file.read(buffer, held, buffer.length - held, position);
    position += bytesRead;
    const end = held + bytesRead;
    const atEnd = bytesRead === 0;
    if (bytesRead > 0) lastByte = buffer[end - 1]!;
    const find = (byte: number, from: number) => {
      const at = buffer.indexOf(byte, from);
      return at === -1 || at > end ? end : at;
    };
    let start = 0;
    let nextNul = -1;
    held = 0;
    for (;;) {
      while (start < end && buffer[start] === NUL) start++;
      if (start >= end) break;
      const newline = find(NEWLINE, start);
      if (nextNul < start) nextNul = find(NUL, start);
      const stop = Math.min(newline, nextNul);
      if (stop === end && !atEnd) {
        buffer.copy(buffer, 0, start, end);
        held = end - start;
        break;
      }
      // The buffer holds the file's bytes from `position - end` on.
      onLine(buffer.toString('utf8', start, stop), lineNumber, position - end + start, stop - start);
      if (stop === newline && newline < end) lineNumber++;
      start = stop + 1;
    }
    if (atEnd) return lastByte === NEWLINE;
  }
}
