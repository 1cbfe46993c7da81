import { hash64 } from './fingerprint.js';

const FIRST_CAPACITY = 1 << 12;

/**
 * An open-addressing table (linear probing) of 64-bit key hashes in one typed array, at most
 * `maxLoad` full: slot `i` is `stride` 32-bit words, the hash's two halves and then whatever the
 * owner keeps beside it. The key strings themselves are not held, so memory per key is a few words
 * however long the keys. The hash (0, 0) marks an empty slot, so a key hashing to it is stored as (0, 1).
 */
export class HashSlots {
  /** The slots, `stride` words each. Read them by the index `find` gives; `claim` may move them. */
  words: Uint32Array;
  private mask = FIRST_CAPACITY - 1;
  private count = 0;

  /** `maxLoad`: the share of slots taken before the table doubles (more probes per lookup, less memory). */
  constructor(
    readonly stride: number,
    private readonly maxLoad = 0.5,
  ) {
    this.words = new Uint32Array(FIRST_CAPACITY * stride);
  }

  /** The hash of `key` as the table stores it. */
  static hash(key: string): [high: number, low: number] {
    const hash = hash64(key);
    if (hash[0] === 0 && hash[1] === 0) hash[1] = 1;
    return hash;
  }

  /** How many slots are taken. */
  get size(): number {
    return this.count;
  }

  /** Where (high, low) is, or the empty slot it would take (see `taken`). */
  find(high: number, low: number): number {
    const { words, stride, mask } = this;
    for (let index = (low ^ Math.imul(high, 0x9e3779b1)) & mask; ; index = (index + 1) & mask) {
      const h = words[index * stride]!;
      const l = words[index * stride + 1]!;
      if ((h === 0 && l === 0) || (h === high && l === low)) return index;
    }
  }

  /** Whether slot `index` holds a hash. */
  taken(index: number): boolean {
    const at = index * this.stride;
    return this.words[at] !== 0 || this.words[at + 1] !== 0;
  }

  /** Puts (high, low) and `value` (the third word, when there is one) in the empty slot `index`. */
  claim(index: number, high: number, low: number, value = 0): void {
    const at = index * this.stride;
    this.words[at] = high;
    this.words[at + 1] = low;
    if (this.stride > 2) this.words[at + 2] = value;
    if (++this.count > (this.mask + 1) * this.maxLoad) this.grow();
  }

  private grow(): void {
    const { words: old, stride } = this;
    const capacity = (this.mask + 1) * 2;
    this.words = new Uint32Array(capacity * stride);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += stride) {
      if (old[at] === 0 && old[at + 1] === 0) continue;
      const to = this.find(old[at]!, old[at + 1]!) * stride;
      for (let word = 0; word < stride; word++) this.words[to + word] = old[at + word]!;
    }
  }
}

/**
 * The keys a broadcast has met, for its "a key is given once" check, as 64-bit hashes (16 to 32
 * bytes per key however long the keys), so the key strings can be collected once their job is done
 * and a broadcast fed by an iterator does not keep its jobs alive. A hash collision between two
 * different keys (about once in 2^64 per pair) makes the second look repeated: it is rejected,
 * never sent twice.
 */
export class KeyHashSet {
  private readonly table = new HashSlots(2);

  /** Adds the key; false when it (or a key with the same hash) was already there. */
  add(key: string): boolean {
    const [high, low] = HashSlots.hash(key);
    const index = this.table.find(high, low);
    if (this.table.taken(index)) return false;
    this.table.claim(index, high, low);
    return true;
  }

  /** How many keys it holds. */
  get size(): number {
    return this.table.size;
  }
}
