import { describe, expect, it } from "vitest";
import type { InsightEvent, ProgressEvent } from "../api/types";
import { applyEvent, emptyTally, type RunTally } from "./events";
import { anyNormZero, heatmapColumns, normIsZero, ratioIsZero, ZERO_CELL } from "./gradientZeros";

const progress = (seq: number, norms: Record<string, number | null>): ProgressEvent => ({
  type: "progress", seq, step: seq, loss: 1, grad_norms: norms, epoch: 0, elapsed: seq, eta: 1, samples_per_second: 100, lr: 0.1,
});

function tally(...frames: Record<string, number | null>[]): RunTally {
  const t = emptyTally();
  frames.forEach((norms, i) => applyEvent(t, progress(i + 1, norms)));
  return t;
}

describe("gradient norms of 0", () => {
  it("are kept apart from missing and infinite ones", () => {
    const t = tally({ conv1: 0.2, fc: 0.1 }, { conv1: 0, fc: Number.POSITIVE_INFINITY }, { conv1: 0, fc: null });
    expect(t.gradNorms).toEqual([[0.2, null, null], [0.1, null, null]]);
    expect(t.gradZeros).toEqual([[false, true, true], [false, false, false]]);
  });

  it("the latest 0 is said as 0, not the last value above it", () => {
    const t = tally({ conv1: 0.201, fc: 0.1 }, { conv1: 0, fc: 0.1 });
    expect(normIsZero(t, 0, null)).toBe(true);
    expect(normIsZero(t, 1, null)).toBe(false);
    expect(normIsZero(t, 0, 0)).toBe(false);
    expect(anyNormZero(t)).toBe(true);
    expect(anyNormZero(tally({ conv1: 0.2 }))).toBe(false);
  });

  it("a heatmap cell of only zeros is a zero cell, not an empty one", () => {
    const t = tally({ a: 10, b: null }, { a: 0, b: null }, { a: 0, b: 0 }, { a: 100, b: 1 });
    expect(heatmapColumns(t, 10).cells).toEqual([[1, ZERO_CELL, ZERO_CELL, 2], [null, null, ZERO_CELL, 0]]);
    // two frames a column: a column with a norm above 0 shows it
    expect(heatmapColumns(t, 2).cells).toEqual([[1, 2], [null, 0]]);
  });
});

const look = (seq: number, ratios: Record<string, number | null>): InsightEvent =>
  ({
    type: "insight",
    seq,
    step: seq * 100,
    layers: Object.fromEntries(Object.entries(ratios).map(([layer, ratio]) => [layer, { update_ratio: ratio }])),
  }) as unknown as InsightEvent; // only the ratios matter here

describe("update ratios of 0", () => {
  it("the latest 0 is said as 0, not the ratio from before the layer stopped moving", () => {
    const t = emptyTally();
    [{ conv1: 0.124, fc: 1e-3 }, { conv1: 0, fc: 2e-3 }, { conv1: 0, fc: Number.NaN }].forEach((ratios, i) => applyEvent(t, look(i + 1, ratios)));
    expect(t.ratios).toEqual({ conv1: [0.124, null, null], fc: [1e-3, 2e-3, null] });
    expect(t.ratioZeros).toEqual({ conv1: [false, true, true], fc: [false, false, false] });
    expect(ratioIsZero(t, "conv1", null)).toBe(true);
    expect(ratioIsZero(t, "conv1", 0)).toBe(false);
    expect(ratioIsZero(t, "fc", null)).toBe(false);
  });
});
