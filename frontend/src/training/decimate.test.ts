import { describe, expect, it } from "vitest";
import { ema } from "./chartView";
import { Decimator, pick, SeriesView } from "./decimate";

/** A noisy falling curve with spikes, like a training loss. */
function curve(n: number, seed = 1): number[] {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, (_, i) => 2 / (1 + i / 500) + random() * 0.3 + (i % 997 === 0 ? 5 : 0));
}

/** The lowest and highest value in each window of `size` points, straight from the data. */
function extremes(values: (number | null)[], size: number): [number, number][] {
  const windows: [number, number][] = [];
  for (let start = 0; start < values.length; start += size) {
    const seen = values.slice(start, start + size).filter((v): v is number => v !== null && Number.isFinite(v));
    if (seen.length) windows.push([Math.min(...seen), Math.max(...seen)]);
  }
  return windows;
}

/** The same, over the picked points only, in the decimator's windows. */
function pickedExtremes(values: (number | null)[], indices: number[], size: number): [number, number][] {
  const windows = new Map<number, number[]>();
  for (const i of indices) {
    const value = values[i];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    const list = windows.get(Math.floor(i / size)) ?? [];
    windows.set(Math.floor(i / size), [...list, value]);
  }
  return [...windows.keys()].sort((a, b) => a - b).map((w) => [Math.min(...windows.get(w)!), Math.max(...windows.get(w)!)]);
}

describe("Decimator", () => {
  it("keeps every point while there are few", () => {
    const decimator = new Decimator(1, 64);
    decimator.update([[3, 1, 2]], 3);
    expect(decimator.indices()).toEqual([0, 1, 2]);
  });

  it("keeps each window's lowest and highest value, the first and last point, and few points", () => {
    const values = curve(100_000);
    const decimator = new Decimator(1, 512);
    decimator.update([values], values.length);
    const indices = decimator.indices();
    expect(decimator.size).toBe(256); // 100,000 points in at most 512 buckets of 2^k
    expect(indices.length).toBeLessThanOrEqual(2 * 512 + 2);
    expect(indices[0]).toBe(0);
    expect(indices[indices.length - 1]).toBe(values.length - 1);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(pickedExtremes(values, indices, decimator.size)).toEqual(extremes(values, decimator.size));
  });

  it("gives the same picture whether points come one at a time or all at once", () => {
    const values = curve(20_000, 7);
    const whole = new Decimator(1, 256);
    whole.update([values], values.length);
    const live = new Decimator(1, 256);
    for (let n = 1; n <= values.length; n += 1 + (n % 37)) live.update([values], n);
    live.update([values], values.length);
    expect(live.size).toBe(whole.size);
    expect(live.indices()).toEqual(whole.indices());
  });

  it("passes over missing values and keeps every series' extremes", () => {
    const a = curve(10_000, 3).map((v, i) => (i % 5 === 0 ? null : v));
    const b = curve(10_000, 11).map((v, i) => (i % 7 === 0 ? NaN : -v));
    const decimator = new Decimator(2, 128);
    decimator.update([a, b], a.length);
    const indices = decimator.indices();
    expect(pickedExtremes(a, indices, decimator.size)).toEqual(extremes(a, decimator.size));
    expect(pickedExtremes(b, indices, decimator.size)).toEqual(extremes(b, decimator.size));
    expect(pick(a, [0, 1])).toEqual([null, a[1]]);
  });

  it("keeps each window's mean of its finite values, live as at once", () => {
    const values = curve(30_001, 5).map((v, i) => (i % 11 === 0 ? null : v));
    const live = new Decimator(1, 256);
    for (let n = 1; n <= values.length; n += 1 + (n % 53)) live.update([values], n);
    live.update([values], values.length);
    const means: number[] = [];
    for (let start = 0; start < values.length; start += live.size) {
      const seen = values.slice(start, start + live.size).filter((v): v is number => v !== null);
      means.push(seen.reduce((t, v) => t + v, 0) / seen.length);
    }
    expect(live.means(0)).toHaveLength(means.length);
    live.means(0).forEach((mean, b) => expect(mean).toBeCloseTo(means[b]!, 9));
  });
});

describe("SeriesView", () => {
  it("starts over for another tally or another number of series", () => {
    const view = new SeriesView();
    const [first, second] = [{}, {}];
    expect(view.indices(first, [[1, 2, 3]], 3)).toEqual([0, 1, 2]);
    expect(view.indices(second, [[5]], 1)).toEqual([0]);
    expect(view.indices(second, [[5, 6], [1, 2]], 2)).toEqual([0, 1]);
  });

  it("smooths a short series point by point, as ema does", () => {
    const view = new SeriesView();
    const values = [3, 1, null, 2, 8];
    const shown = view.indices({}, [values], values.length);
    expect(view.smoothed(0, shown, 0.6)).toEqual(ema(values, 0.6));
  });

  it("smooths a long noisy series over its buckets: a line, where an EMA of each step drew a band", () => {
    let s = 3;
    const noise = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const values = Array.from({ length: 400_000 }, (_, i) => 2 / (1 + i / 50_000) + 2 * noise()); // batch-1 losses
    const view = new SeriesView();
    const shown = view.indices({}, [values], values.length);
    const drawn = view.smoothed(0, shown, 0.6) as number[];
    const perStep = pick(ema(values, 0.6), shown) as number[];
    // How far the line moves from one drawn point to the next, as a share of the losses' range
    // (about a pixel column's height apart on the chart).
    const range = values.reduce((a, b) => Math.max(a, b)) - values.reduce((a, b) => Math.min(a, b));
    const move = (line: number[]) => line.slice(1).reduce((t, v, i) => t + Math.abs(v - line[i]!), 0) / (line.length - 1) / range;
    expect(move(perStep)).toBeGreaterThan(0.1); // a band, up and down a tenth of the chart
    expect(move(drawn)).toBeLessThan(0.01); // a line
  });
});
