/**
 * A growable Float64 column: the aggregator does not know how many customers or orders a
 * stream holds, and per-row objects are too slow and too large at millions of rows.
 */
export class Float64Column {
  private data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }

  /** Appends `value` and returns its index. */
  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** A copy trimmed to the used length. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
