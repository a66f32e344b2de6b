// A growing column of numbers in a Float64Array (NaN where a value is missing), so a run's every
// step fits in memory: a plain array holding nulls takes about three times the room.

export class Column {
  private data = new Float64Array(256);
  length = 0;

  push(value: number | null | undefined): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value ?? NaN;
  }

  /** Keeps the first `length` values only. */
  truncate(length: number): void {
    this.length = Math.min(this.length, Math.max(0, length));
  }

  /** The value at `i`, NaN where there was none. */
  at(i: number): number {
    return this.data[i]!;
  }

  /** The value at `i` as a chart wants it: null where there was none. */
  value(i: number): number | null {
    const value = this.data[i]!;
    return Number.isFinite(value) ? value : null;
  }

  /** The values up to `length`, without a copy (valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
