import { KaleyraJournalError } from '../errors/journal-error.js';
import { JournalKeys, type JournalRecordReader } from './journal-keys.js';
import type { FinalResult } from './outcome.js';

/** The journal format this code writes and reads; the first line carries it. */
export const JOURNAL_VERSION = 2;

/**
 * One line of a journal. The first names the broadcast the journal belongs to. An `attempt` is
 * written, and durable, before a send starts; the `outcome` after it ends. Both carry the
 * fingerprint of the job's content (api, kind, message), so a key whose message changed is told
 * apart from the one that was sent. A key whose last line is an attempt was cut short by a crash:
 * the message may have left, so it counts as uncertain and is not sent again unless the caller opts in.
 */
export type JournalRecord =
  | { type: 'broadcast'; id: string; version: number; at: string }
  | { type: 'attempt'; key: string; fingerprint: string; at: string }
  | ({ type: 'outcome'; fingerprint: string; at: string } & FinalResult);

/** What earlier runs left for one key: its last record, as read back. `lastResult` says what it means. */
export type JournalEntry = Exclude<JournalRecord, { type: 'broadcast' }>;

/** A key's final result, or `'interrupted'` for an attempt with no outcome. */
export function lastResult(entry: JournalEntry): FinalResult | 'interrupted' {
  if (entry.type === 'attempt') return 'interrupted';
  const { type: _type, at: _at, fingerprint: _fingerprint, ...result } = entry;
  return result;
}

/** What a journal holds when a run starts. */
export interface JournalState {
  /** The broadcast its first line names; undefined for a new, empty journal. */
  broadcastId: string | undefined;
  /**
   * Per key, where the journal holds the last thing earlier runs recorded for it (read back when
   * sendMany meets the key, which then counts as met).
   */
  entries: JournalKeys;
  /** Lines dropped because a crash or a power cut left them cut short (their send never started). */
  cutShort: number;
}

/**
 * Where a broadcast records what it did, so a rerun sends only what has no outcome yet. `append`
 * must be durable when its promise resolves (for a file: written whole to the OS, so a kill -9
 * right after cannot lose it), and must reject when it is not: the send it announces is then not
 * made.
 */
export interface BroadcastJournal {
  /** How errors name it (a file journal: its path). */
  readonly name?: string;
  /** The state earlier runs left. Called once, before the first send. */
  load(): Promise<JournalState>;
  /** Records one line; durable once the promise resolves. */
  append(record: JournalRecord): Promise<void>;
  /** Releases the journal once the run is over (a file journal closes its file and its lock). */
  close(): Promise<void>;
}

/**
 * Folds a journal's records, in order, into the state a run starts from: the last record of a key
 * wins. The first record must name the broadcast; a second broadcast in one journal is refused.
 * The state keeps where each key's last record is, not the record: `read` gets it back from there.
 */
export class JournalFold {
  /** What the records folded so far say: the broadcast, where each key's last record is, the cut lines. */
  readonly state: JournalState;

  /** `read` reads back a record `add` was given the place of; `source` names the journal in errors. */
  constructor(
    read: JournalRecordReader,
    private readonly source = 'journal',
  ) {
    this.state = { broadcastId: undefined, entries: new JournalKeys(read), cutShort: 0 };
  }

  /**
   * Adds one record, held by the journal at `place` (and `length` bytes long, in a file); `line`
   * (from 1) is only for the error message.
   */
  add(record: JournalRecord, place: number, length = 0, line?: number): void {
    const where = line === undefined ? this.source : `${this.source}: line ${line}`;
    const { state } = this;
    if (record.type === 'broadcast') {
      if (state.broadcastId === undefined && state.entries.size === 0) state.broadcastId = record.id;
      else if (record.id !== state.broadcastId)
        throw new KaleyraJournalError(
          'not-a-journal',
          this.source,
          `${where} starts a second broadcast ("${record.id}" after "${String(state.broadcastId)}"); a journal belongs to one broadcast`,
        );
      return;
    }
    if (state.broadcastId === undefined) throw olderJournal(this.source, where, record.type);
    state.entries.set(record.key, place, length);
  }
}

/** Folds records held in memory into a state (as `JournalFold`), e.g. records kept elsewhere. */
export function replayJournal(records: readonly JournalRecord[], source = 'journal'): JournalState {
  const fold = new JournalFold((index) => asEntry(records[index]), source);
  records.forEach((record, index) => fold.add(record, index));
  return fold.state;
}

/** A record read back as a key's entry; undefined for none, or for the line naming the broadcast. */
export function asEntry(record: JournalRecord | undefined): JournalEntry | undefined {
  return record && record.type !== 'broadcast' ? record : undefined;
}

/**
 * Reads one line of a journal (a line ends at a line feed or at a NUL byte, which JSON never holds
 * raw). Returns the record, or undefined for a blank line and for a line a crash or a power cut
 * left cut short: it begins like a record (`{`) but does not parse. No send started after such a
 * line, since an attempt is complete before its send. Anything else is not a journal, and is an
 * error rather than a guess.
 */
export function parseJournalLine(
  line: string,
  lineNumber: number,
  source = 'journal',
): JournalRecord | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    const text = line.trim();
    if (text === '' || text.startsWith('{')) return undefined; // blank, or cut short
    throw new KaleyraJournalError(
      'not-a-journal',
      source,
      `${source}: line ${lineNumber} is not JSON; is this a broadcast journal?`,
    );
  }
  if (!isJournalRecord(record)) {
    const { type, key } = (record ?? {}) as { type?: unknown; key?: unknown };
    if ((type === 'attempt' || type === 'outcome') && typeof key === 'string')
      throw olderJournal(source, `${source}: line ${lineNumber}`, type);
    throw new KaleyraJournalError(
      'not-a-journal',
      source,
      `${source}: line ${lineNumber} is not a journal record`,
    );
  }
  return record;
}

/** Parses a whole journal held as text (records in order; cut-short lines dropped). */
export function parseJournalLines(text: string, source = 'journal'): JournalRecord[] {
  const records: JournalRecord[] = [];
  text.split('\n').forEach((line, index) => {
    for (const part of line.split('\0')) {
      const record = parseJournalLine(part, index + 1, source);
      if (record) records.push(record);
    }
  });
  return records;
}

/** A journal from before version 2 (keys only, no broadcast line): resuming it could skip another campaign's keys. */
function olderJournal(source: string, where: string, type: string): KaleyraJournalError {
  return new KaleyraJournalError(
    'not-a-journal',
    source,
    `${where}: a ${type} record before the line naming the broadcast; a journal written before version ${JOURNAL_VERSION} of the format (or not a journal at all) cannot be resumed: finish it with the release that wrote it, or start a new journal`,
  );
}

function isJournalRecord(value: unknown): value is JournalRecord {
  if (value === null || typeof value !== 'object') return false;
  const record = value as {
    type?: unknown;
    key?: unknown;
    outcome?: unknown;
    fingerprint?: unknown;
    id?: unknown;
  };
  if (record.type === 'broadcast') return typeof record.id === 'string';
  if (typeof record.key !== 'string' || typeof record.fingerprint !== 'string') return false;
  if (record.type === 'attempt') return true;
  return (
    record.type === 'outcome' &&
    (record.outcome === 'accepted' || record.outcome === 'rejected' || record.outcome === 'uncertain')
  );
}

/** A journal held in memory, for tests and for callers who persist the records themselves. */
export function memoryJournal(
  records: JournalRecord[] = [],
): BroadcastJournal & { readonly records: JournalRecord[] } {
  return {
    name: 'memory journal',
    records,
    load: async () => replayJournal(records, 'memory journal'),
    append: async (record) => void records.push(record),
    close: async () => {},
  };
}
