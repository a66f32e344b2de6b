// A downsampled view of a long series: for each bucket of consecutive points, the points holding
// each series' lowest and highest value. With about one bucket per pixel column, the drawn line
// has the same extent in every column as the full one, while uPlot gets a few thousand points
// instead of every step of a long run. Each bucket's mean is kept too, for a smoothed line drawn
// over the buckets. New points fold in as they come, so a live chart pays for what arrived, not
// for the whole history.

import { ema } from "./chartView";

/** Values by index: NaN, null or undefined where a series has none. */
export type Values = ArrayLike<number | null | undefined>;

/** About twice the pixel columns of a wide chart: buckets hold 2^k points, so between 2048 and 4096. */
export const MAX_BUCKETS = 4096;

export class Decimator {
  /** Points per bucket, a power of two. */
  size = 1;
  /** How many points have been folded in. */
  count = 0;
  // Per series, per bucket: the index of the lowest and of the highest value (-1 when none) and those values.
  private readonly lo: number[][];
  private readonly hi: number[][];
  private readonly loValue: number[][];
  private readonly hiValue: number[][];
  // Per series, per bucket: the sum and the number of its finite values, for its mean.
  private readonly sum: number[][];
  private readonly seen: number[][];

  constructor(
    readonly series: number,
    private readonly maxBuckets = MAX_BUCKETS,
  ) {
    const empty = () => Array.from({ length: series }, () => [] as number[]);
    [this.lo, this.hi, this.loValue, this.hiValue, this.sum, this.seen] = [empty(), empty(), empty(), empty(), empty(), empty()];
  }

  /** Folds in the points from `count` up to `upTo`; earlier values must not have changed. */
  update(columns: Values[], upTo: number): void {
    for (; this.count < upTo; this.count++) this.add(columns, this.count);
  }

  private add(columns: Values[], i: number): void {
    const bucket = Math.floor(i / this.size);
    for (let s = 0; s < this.series; s++) {
      const [lo, hi, loValue, hiValue] = [this.lo[s]!, this.hi[s]!, this.loValue[s]!, this.hiValue[s]!];
      const [sum, seen] = [this.sum[s]!, this.seen[s]!];
      if (bucket === lo.length) {
        lo.push(-1), hi.push(-1), loValue.push(Infinity), hiValue.push(-Infinity), sum.push(0), seen.push(0);
      }
      const value = columns[s]![i];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      (sum[bucket]! += value), (seen[bucket]! += 1);
      if (value < loValue[bucket]!) (lo[bucket] = i), (loValue[bucket] = value);
      if (value > hiValue[bucket]!) (hi[bucket] = i), (hiValue[bucket] = value);
    }
    if ((this.lo[0]?.length ?? 0) > this.maxBuckets) this.halve();
  }

  /** Merges neighbouring buckets: twice the points per bucket, half the buckets. */
  private halve(): void {
    for (let s = 0; s < this.series; s++) {
      const [lo, hi, loValue, hiValue] = [this.lo[s]!, this.hi[s]!, this.loValue[s]!, this.hiValue[s]!];
      const [sum, seen] = [this.sum[s]!, this.seen[s]!];
      const buckets = lo.length;
      for (let b = 0; 2 * b < buckets; b++) {
        const [left, right] = [2 * b, Math.min(2 * b + 1, buckets - 1)];
        const low = loValue[right]! < loValue[left]! ? right : left;
        const high = hiValue[right]! > hiValue[left]! ? right : left;
        [lo[b], loValue[b], hi[b], hiValue[b]] = [lo[low]!, loValue[low]!, hi[high]!, hiValue[high]!];
        const pair = right === left ? 0 : 1; // the last bucket may have no right neighbour
        [sum[b], seen[b]] = [sum[left]! + pair * sum[right]!, seen[left]! + pair * seen[right]!];
      }
      const kept = Math.ceil(buckets / 2);
      for (const list of [lo, hi, loValue, hiValue, sum, seen]) list.length = kept;
    }
    this.size *= 2;
  }

  /** Series `s`'s mean in each bucket, in order (NaN for a bucket with no finite value). */
  means(s: number): number[] {
    const [sum, seen] = [this.sum[s]!, this.seen[s]!];
    return sum.map((total, b) => (seen[b]! > 0 ? total / seen[b]! : NaN));
  }

  /** The indices to draw, ascending: each bucket's extremes, and the first and last point. */
  indices(): number[] {
    if (this.count === 0) return [];
    if (this.size === 1) return Array.from({ length: this.count }, (_, i) => i);
    const picked: number[] = [0];
    const inBucket: number[] = [];
    const buckets = this.lo[0]?.length ?? Math.ceil(this.count / this.size);
    for (let b = 0; b < buckets; b++) {
      inBucket.length = 0;
      for (let s = 0; s < this.series; s++) inBucket.push(this.lo[s]![b]!, this.hi[s]![b]!);
      inBucket.sort((x, y) => x - y);
      for (const i of inBucket) if (i > picked[picked.length - 1]!) picked.push(i);
    }
    if (picked[picked.length - 1] !== this.count - 1) picked.push(this.count - 1);
    return picked;
  }
}

/** The values of `column` at `indices`, as uPlot takes them (null for none). */
export function pick(column: Values, indices: number[]): (number | null)[] {
  return indices.map((i) => {
    const value = column[i];
    return value === null || value === undefined || !Number.isFinite(value) ? null : value;
  });
}

/** A Decimator for one chart: starts over when its source (a tally) or its number of series changes. */
export class SeriesView {
  private decimator: Decimator | null = null;
  private source: object | null = null;

  /** The indices to draw of `columns`, which hold `count` points each. */
  indices(source: object, columns: Values[], count: number): number[] {
    let decimator = this.decimator;
    if (!decimator || this.source !== source || decimator.series !== columns.length || count < decimator.count) {
      decimator = this.decimator = new Decimator(columns.length);
      this.source = source;
    }
    decimator.update(columns, count);
    return decimator.indices();
  }

  /**
   * Series `s` smoothed over what is drawn, at `indices` (from `indices` just before): the EMA of
   * its bucket means, each index given its bucket's. With a bucket a point it is the EMA of the
   * points; on a run of many steps a pixel, it smooths across pixels as TensorBoard's slider does
   * across its sampled points, where an EMA of the steps, as noisy as they are, drew a band.
   */
  smoothed(s: number, indices: number[], weight: number): (number | null)[] {
    const decimator = this.decimator;
    if (!decimator) return [];
    const averaged = ema(decimator.means(s), weight);
    return indices.map((i) => {
      const value = averaged[Math.floor(i / decimator.size)];
      return value === null || value === undefined || !Number.isFinite(value) ? null : value;
    });
  }
}

/** The x values at `indices`: an x axis has a value at every point. */
export function pickX(column: ArrayLike<number>, indices: number[]): number[] {
  return indices.map((i) => column[i]!);
}
