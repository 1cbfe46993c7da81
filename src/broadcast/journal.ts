import type { FinalResult } from './outcome.js';

/**
 * One line of a journal. An `attempt` is written, and durable, before a send starts; the `outcome`
 * after it ends. A key whose last line is an attempt was cut short by a crash: the message may have
 * left, so it counts as uncertain and is not sent again unless the caller opts in.
 */
export type JournalRecord =
  { type: 'attempt'; key: string; at: string } | ({ type: 'outcome'; at: string } & FinalResult);

/** Per key, what earlier runs left: a final result, or `'interrupted'` for an attempt with no outcome. */
export type JournalState = Map<string, FinalResult | 'interrupted'>;

/**
 * Where a broadcast records what it did, so a rerun sends only what has no outcome yet. Both
 * writes must be durable when their promise resolves (for a file: written to the OS, so a kill -9
 * right after cannot lose them).
 */
export interface BroadcastJournal {
  /** The state earlier runs left. Called once, before the first send. */
  load(): Promise<JournalState>;
  /** Records one attempt or outcome; durable once the promise resolves. */
  append(record: JournalRecord): Promise<void>;
  /** Releases the journal once the run is over (a file journal closes its file). */
  close(): Promise<void>;
}

/** Folds records into a state: the last record of a key wins. */
export function replayJournal(
  records: Iterable<JournalRecord>,
  state: JournalState = new Map(),
): JournalState {
  for (const record of records) {
    if (record.type === 'attempt') state.set(record.key, 'interrupted');
    else {
      const { type: _type, at: _at, ...result } = record;
      state.set(record.key, result);
    }
  }
  return state;
}

/**
 * Parses journal lines. A kill during a write can leave a line cut short (and the next run starts a
 * new line after it); such a line is dropped: its send had not started, since the attempt is written
 * before it. Any other bad line means the file is not a journal, and is an error rather than a guess.
 */
export function parseJournalLines(text: string, source = 'journal'): JournalRecord[] {
  const records: JournalRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (line.startsWith(RECORD_START)) return; // cut short by a crash
      throw new Error(`${source}: line ${index + 1} is not JSON; is this a broadcast journal?`);
    }
    if (!isJournalRecord(record)) throw new Error(`${source}: line ${index + 1} is not a journal record`);
    records.push(record);
  });
  return records;
}

/** How every record line starts (JSON.stringify keeps `type` first, as the records are built). */
const RECORD_START = '{"type":"';

function isJournalRecord(value: unknown): value is JournalRecord {
  if (value === null || typeof value !== 'object') return false;
  const record = value as { type?: unknown; key?: unknown; outcome?: unknown };
  if (typeof record.key !== 'string') return false;
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
    records,
    load: async () => replayJournal(records),
    append: async (record) => void records.push(record),
    close: async () => {},
  };
}
