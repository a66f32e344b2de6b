import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../api/types";
import { ema } from "../chartView";
import { SeriesView } from "../decimate";
import { align, curvesOf, hasAccuracy, smoothedLosses, spansDecades, type RunCurves } from "./overlay";

describe("align", () => {
  it("puts every run on the sorted union of their x values, null where a run has none", () => {
    const data = align([
      { xs: [1, 2, 3], ys: [10, 20, 30] },
      { xs: [2, 4], ys: [0.2, 0.4] },
    ]);
    expect(data).toEqual([
      [1, 2, 3, 4],
      [10, 20, 30, null],
      [null, 0.2, null, 0.4],
    ]);
  });

  it("keeps a run's own nulls and counts a shared x once", () => {
    const data = align([
      { xs: [5, 1], ys: [null, 1] },
      { xs: [1, 5], ys: [2, 3] },
    ]);
    expect(data).toEqual([
      [1, 5],
      [1, null],
      [2, 3],
    ]);
  });

  it("gives only the x axis for no runs", () => {
    expect(align([])).toEqual([[]]);
  });
});

describe("curvesOf", () => {
  it("takes steps from progress and epochs from epoch events, accuracy in percent", () => {
    const events: RunEvent[] = [
      { type: "progress", seq: 1, step: 1, loss: 2, grad_norms: {}, epoch: 0, elapsed: 0, eta: 0, samples_per_second: 1 },
      { type: "epoch", seq: 2, epoch: 1, step: 1, elapsed: 0, train_loss: 2, val_loss: 1.5, val_accuracy: 0.25 },
      { type: "epoch", seq: 3, epoch: 2, step: 2, elapsed: 0, train_loss: 1, val_loss: null, val_accuracy: null },
    ];
    expect(curvesOf(events)).toEqual({ epochs: [1, 2], valLoss: [1.5, null], valAccuracy: [25, null], steps: [1], stepEpochs: [0], losses: [2] });
  });

  it("takes every step's loss from a frame's losses, not the frame's mean", () => {
    const events: RunEvent[] = [
      { type: "progress", seq: 1, step: 3, loss: 2, losses: [3, 2, 1], grad_norms: {}, epoch: 1, elapsed: 0, eta: 0, samples_per_second: 1 },
      { type: "progress", seq: 2, step: 5, loss: 0.5, losses: [0.75, 0.25], grad_norms: {}, epoch: 1, elapsed: 0, eta: 0, samples_per_second: 1 },
    ];
    const curves = curvesOf(events);
    expect(curves.steps).toEqual([1, 2, 3, 4, 5]);
    expect(curves.losses).toEqual([3, 2, 1, 0.75, 0.25]);
  });

  it("places each step at its fractional epoch, from the run's steps per epoch", () => {
    const events: RunEvent[] = [
      { type: "started", seq: 1, device: "cpu", epochs: 2, steps_per_epoch: 4, total_steps: 8, layers: [], first_epoch: 1, first_step: 1 },
      { type: "progress", seq: 2, step: 6, loss: 2, losses: [3, 2], grad_norms: {}, epoch: 2, elapsed: 0, eta: 0, samples_per_second: 1 },
    ];
    expect(curvesOf(events).stepEpochs).toEqual([1.25, 1.5]);
  });
});

describe("spansDecades", () => {
  it("starts on a log axis where one run's spike, or converging runs, span three decades", () => {
    expect(spansDecades([[2.3, 0.5, 0.1], [150, 2.3, 0.12]])).toBe(true); // a spike beside the rest
    expect(spansDecades([[2.3, 0.5, 0.1], [2.2, 0.4, 0.12]])).toBe(false); // within 23 times
    expect(spansDecades([[1, 0.01, 0.0009, null, Number.NaN]])).toBe(true);
    expect(spansDecades([[1000, 0.5, -1]])).toBe(false); // a negative loss: no log axis
    expect(spansDecades([[], [null]])).toBe(false);
  });
});

describe("smoothedLosses", () => {
  // A batch of 8: each step's loss anywhere from a thousandth to ten times the trend.
  const noisy = (n: number) => Array.from({ length: n }, (_, i) => (2 / (1 + i / 100)) * 10 ** (((i * 7919) % 13) / 3 - 3));

  it("is the run page's smoothing: the EMA of the steps on a short run", () => {
    const losses = [2, null, 1, 0.5, 4, 0.25];
    expect(smoothedLosses(losses, 0.6)).toEqual(ema(losses, 0.6));
    expect(smoothedLosses(losses, 0)).toBe(losses);
  });

  it("on a long run, the EMA of the loss chart's buckets, at every step", () => {
    const losses = noisy(10_000);
    const page = new SeriesView();
    const drawn = page.indices(losses, [losses], losses.length);
    const onPage = page.smoothed(0, drawn, 0.6);
    const smoothed = smoothedLosses(losses, 0.6);
    expect(drawn.map((i) => smoothed[i])).toEqual(onPage);
  });

  it("narrows a noisy run's band from decades to a line", () => {
    const spread = (values: (number | null)[]) => {
      const late = values.slice(5000).filter((v): v is number => v !== null);
      return Math.log10(Math.max(...late) / Math.min(...late));
    };
    const losses = noisy(10_000);
    expect(spread(losses)).toBeGreaterThan(3);
    expect(spread(smoothedLosses(losses, 0.99))).toBeLessThan(1);
  });
});

describe("hasAccuracy", () => {
  const curves = (valAccuracy: (number | null)[]): RunCurves => ({ epochs: valAccuracy.map((_, i) => i + 1), valLoss: valAccuracy.map(() => 1), valAccuracy, steps: [], stepEpochs: [], losses: [] });
  it("keeps a classifier's run, and one with no epoch yet", () => {
    expect(hasAccuracy(curves([null, 81.5]))).toBe(true);
    expect(hasAccuracy(curves([]))).toBe(true);
  });
  it("leaves out a regression run, whose epochs have no accuracy", () => {
    expect(hasAccuracy(curves([null, null]))).toBe(false);
  });
});
