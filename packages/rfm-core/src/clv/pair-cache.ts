/** Default number of slots: 2^17 (3.4 MB), filled to half at most. */
const DEFAULT_BITS = 17;

/**
 * A fixed-size memo from a pair of numbers to a number, in typed arrays (open addressing,
 * linear probing), for per-customer loops over millions of rows: customers with the same
 * (frequency, T) share the expensive part of the BG/NBD forecast, and with day-resolution times
 * there are only a few thousand such pairs. Keys match by `===` on both numbers. When half full
 * it stops storing (lookups still work), so memory stays bounded whatever the input.
 */
export class PairCache {
  private readonly keyA: Float64Array;
  private readonly keyB: Float64Array;
  private readonly value: Float64Array;
  private readonly used: Uint8Array;
  private readonly mask: number;
  private readonly limit: number;
  private count = 0;
  private slot = 0;

  constructor(bits = DEFAULT_BITS) {
    const size = 1 << bits;
    this.keyA = new Float64Array(size);
    this.keyB = new Float64Array(size);
    this.value = new Float64Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    this.limit = size >>> 1;
  }

  /** True when (a, b) is stored; its value is then {@link cachedValue}. */
  has(a: number, b: number): boolean {
    let i = hashPair(a, b) & this.mask;
    while (this.used[i] === 1) {
      if (this.keyA[i] === a && this.keyB[i] === b) {
        this.slot = i;
        return true;
      }
      i = (i + 1) & this.mask;
    }
    this.slot = i;
    return false;
  }

  /** The value found by the last successful {@link has}. */
  cachedValue(): number {
    return this.value[this.slot]!;
  }

  /** Stores the value for the pair of the last unsuccessful {@link has}, unless half full. */
  store(a: number, b: number, value: number): void {
    if (this.count >= this.limit) return;
    const i = this.slot;
    this.used[i] = 1;
    this.keyA[i] = a;
    this.keyB[i] = b;
    this.value[i] = value;
    this.count++;
  }
}

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** 32-bit hash of the bit patterns of two doubles (murmur3-style mixing). */
function hashPair(a: number, b: number): number {
  scratch[0] = a;
  let h = Math.imul(words[0]! ^ 0x9e3779b9, 0x85ebca6b) ^ words[1]!;
  scratch[0] = b;
  h = Math.imul(h ^ words[0]!, 0xc2b2ae35) ^ Math.imul(words[1]!, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
