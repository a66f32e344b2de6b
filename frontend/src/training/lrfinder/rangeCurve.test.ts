import { describe, expect, it } from "vitest";
import type { LrRangeEvent } from "../../api/types";
import { chartData, formatRate, lossAt, lossOffChart, lossRange } from "./rangeCurve";

const curve = (suggested: number | null): LrRangeEvent => ({
  seq: 9,
  type: "lr_range",
  lrs: [1e-4, 1e-3, 1e-2, 1e-1],
  losses: [2.3, 2.0, 1.0, 9.0],
  smoothed: [2.3, 2.2, 1.6, 3.0],
  min_lr: 1e-2,
  suggested_lr: suggested,
  suggested_by: "the rate at the smoothed loss's minimum, divided by 10",
  diverged: true,
});

describe("a range test's chart", () => {
  it("says a rate in one short form", () => {
    expect(formatRate(0.003)).toBe("3.0e-3");
    expect(formatRate(0.00123)).toBe("1.2e-3");
    expect(formatRate(0.4817)).toBe("0.48");
    expect(formatRate(2)).toBe("2");
  });

  it("puts a suggestion between two steps on the smoothed curve", () => {
    const [xs, smooth, mark] = chartData(curve(10 ** -2.5));
    expect(xs).toEqual([1e-4, 1e-3, 10 ** -2.5, 1e-2, 1e-1]);
    expect(smooth[2]).toBeNull();
    expect(mark[2]).toBeCloseTo(1.9);
    expect(mark.filter((v) => v !== null)).toHaveLength(1);
  });

  it("marks a suggestion that is a step's own rate on that step", () => {
    const [xs, , mark] = chartData(curve(1e-3));
    expect(xs).toHaveLength(4);
    expect(mark).toEqual([null, 2.2, null, null]);
  });

  it("reads the curve at its ends and spans the smoothed losses", () => {
    expect(lossAt([1, 10], [5, 3], 0.5)).toBe(5);
    expect(lossAt([1, 10], [5, 3], 20)).toBe(3);
    const [low, high] = lossRange(curve(null));
    expect(low).toBeLessThan(1.6);
    expect(high).toBeGreaterThan(3.0);
    expect(high).toBeLessThan(9.0);
  });

  it("cuts the loss axis above the starting loss, so a blow-up leaves the fall readable", () => {
    // As the review's: 0.69 falling to 0.36, then 31.8 at the end.
    const blowUp = { ...curve(null), lrs: [1e-7, 1e-5, 1e-3, 0.1, 1, 3], smoothed: [0.69, 0.68, 0.5, 0.36, 1.2, 31.8] };
    const [low, high] = lossRange(blowUp);
    expect(low).toBeLessThan(0.36);
    expect(high).toBeGreaterThan(0.69);
    expect(high).toBeLessThan(0.69 * 1.2);
    expect(lossOffChart(blowUp)).toBe(31.8);
  });

  it("keeps twice the minimum in sight when the loss starts low", () => {
    const low = (smoothed: number[]) => ({ ...curve(null), lrs: [1e-4, 1e-3, 1e-2], smoothed });
    expect(lossRange(low([0.1, 0.09, 0.15]))[1]).toBeGreaterThan(0.15);
    expect(lossOffChart(low([0.1, 0.09, 0.15]))).toBeNull();
    const [, high] = lossRange(low([0.1, 0.09, 0.3]));
    expect(high).toBeGreaterThan(0.18);
    expect(high).toBeLessThan(0.3);
  });
});
