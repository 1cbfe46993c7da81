import type { JournalEntry } from './journal.js';
import { HashSlots } from './key-set.js';

/**
 * Reads back the record a journal holds at `place` (a record's index for a journal in memory, a
 * byte offset for a file) and `length` (its bytes in a file), or undefined if it is not a record.
 */
export type JournalRecordReader = (place: number, length: number) => JournalEntry | undefined;

/** What `take` finds when the key's hash is another key's: see `JournalKeys`. */
export const AMBIGUOUS_KEY = Symbol('ambiguous journal key');

/** Entries per block of the typed arrays below: they grow a block at a time, never copied. */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
/**
 * The hash table may be three quarters full: a resume of millions of keys looks each one up once, so
 * the extra probes cost little, and the table is most of what a key costs.
 */
const MAX_LOAD = 0.75;

/**
 * Per key, where the journal holds the key's last record, without holding the record: a 64-bit hash
 * of the key in a `HashSlots` table and the record's place and length in typed arrays, about 30 to
 * 40 bytes a key however long the key and its record, so resuming a journal of millions of keys
 * costs a fraction of what their records would. A key's record is read back from the journal when
 * the run meets the key (`take`), once.
 *
 * Two different keys with the same 64-bit hash (about once in 2^64 per pair) share one entry; `take`
 * finds that out by reading the record back and comparing its key, and answers `AMBIGUOUS_KEY`,
 * so the caller refuses that job rather than guess whether it was sent.
 */
export class JournalKeys {
  private readonly table = new HashSlots(3, MAX_LOAD);
  /** Per entry (blocks of BLOCK): where its record starts, how long it is, whether the run met it. */
  private readonly places: Float64Array[] = [];
  private readonly lengths: Uint32Array[] = [];
  private readonly met: Uint8Array[] = [];
  private count = 0;
  private open = 0;

  /** `read` gets a record back from the journal; `hash` is the key's 64-bit hash (a test may give one that collides). */
  constructor(
    private readonly read: JournalRecordReader,
    private readonly hash: (key: string) => [high: number, low: number] = HashSlots.hash,
  ) {}

  /** Keys with a record that the run has not met yet. */
  get size(): number {
    return this.open;
  }

  /** The key's last record is at `place` (and `length` bytes long, in a file); a later call for it wins. */
  set(key: string, place: number, length = 0): void {
    const [high, low] = this.hash(key);
    const { table } = this;
    const index = table.find(high, low);
    let entry: number;
    if (table.taken(index)) entry = table.words[index * 3 + 2]!;
    else {
      entry = this.count++;
      if ((entry & (BLOCK - 1)) === 0) {
        this.places.push(new Float64Array(BLOCK));
        this.lengths.push(new Uint32Array(BLOCK));
        this.met.push(new Uint8Array(BLOCK));
      }
      table.claim(index, high, low, entry);
      this.open++;
    }
    const block = entry >>> BLOCK_BITS;
    const at = entry & (BLOCK - 1);
    this.places[block]![at] = place;
    this.lengths[block]![at] = length;
  }

  /**
   * The key's last record, or undefined if the journal has none; the key counts as met from then on.
   * `AMBIGUOUS_KEY` when the entry for its hash holds another key's record.
   */
  take(key: string): JournalEntry | typeof AMBIGUOUS_KEY | undefined {
    if (this.count === 0) return undefined;
    const [high, low] = this.hash(key);
    const index = this.table.find(high, low);
    if (!this.table.taken(index)) return undefined;
    const entry = this.table.words[index * 3 + 2]!;
    const record = this.recordOf(entry);
    if (record?.key !== key) return AMBIGUOUS_KEY;
    const met = this.met[entry >>> BLOCK_BITS]!;
    if (met[entry & (BLOCK - 1)] === 0) {
      met[entry & (BLOCK - 1)] = 1;
      this.open--;
    }
    return record;
  }

  /** The last records of the keys not met yet, in the order their keys first appeared. */
  *remaining(): IterableIterator<JournalEntry> {
    for (let entry = 0; entry < this.count; entry++) {
      if (this.met[entry >>> BLOCK_BITS]![entry & (BLOCK - 1)] !== 0) continue;
      const record = this.recordOf(entry);
      if (record) yield record;
    }
  }

  private recordOf(entry: number): JournalEntry | undefined {
    const block = entry >>> BLOCK_BITS;
    const at = entry & (BLOCK - 1);
    return this.read(this.places[block]![at]!, this.lengths[block]![at]!);
  }
}
