import { hash64 } from './fingerprint.js';

const FIRST_CAPACITY = 1 << 12;

/**
 * The keys a broadcast has met, for its "a key is given once" check, held as 64-bit hashes in one
 * typed array (open addressing, at most half full): 16 to 32 bytes per key however long the keys,
 * and the key strings themselves can be collected once their job is done, so a broadcast fed by an
 * iterator does not keep its jobs alive. A hash collision between two different keys (about once
 * in 2^64 per pair) makes the second look repeated: it is rejected, never sent twice.
 */
export class KeyHashSet {
  private slots = new Uint32Array(FIRST_CAPACITY * 2);
  private mask = FIRST_CAPACITY - 1;
  private count = 0;

  /** Adds the key; false when it (or a key with the same hash) was already there. */
  add(key: string): boolean {
    const [high, hashedLow] = hash64(key);
    const low = high === 0 && hashedLow === 0 ? 1 : hashedLow; // (0, 0) marks an empty slot
    if (!this.insert(this.slots, this.mask, high, low)) return false;
    if (++this.count * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** How many keys it holds. */
  get size(): number {
    return this.count;
  }

  private insert(slots: Uint32Array, mask: number, high: number, low: number): boolean {
    for (let index = (low ^ Math.imul(high, 0x9e3779b1)) & mask; ; index = (index + 1) & mask) {
      const h = slots[index * 2]!;
      const l = slots[index * 2 + 1]!;
      if (h === 0 && l === 0) {
        slots[index * 2] = high;
        slots[index * 2 + 1] = low;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(this.slots, this.mask, old[i]!, old[i + 1]!);
    }
  }
}
