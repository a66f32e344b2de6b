import { describe, expect, it } from "vitest";
import type { RunCurves } from "../runs/overlay";
import { deltaText, thin, withPrevious, type PreviousRun } from "./previousOverlay";

const curves = (valAccuracy: number[], valLoss: number[] = valAccuracy.map(() => 1)): RunCurves => ({
  epochs: valAccuracy.map((_, i) => i + 1),
  valLoss,
  valAccuracy,
  steps: [],
  stepEpochs: [],
  losses: [],
});
const alike = { losses: [], datasets: [] };
const previous = (c: RunCurves, final: PreviousRun["final"] = null, unlike: PreviousRun["unlike"] = alike): PreviousRun => ({ label: "previous: a", curves: c, final, unlike });

describe("withPrevious", () => {
  it("merges both runs' x values, each series null where its run has none", () => {
    const merged = withPrevious([[1, 3, 5], [10, 30, 50], [11, 31, 51]], [2, 3, 6], [[0.2, 0.3, 0.6]]);
    expect(merged).toEqual([
      [1, 2, 3, 5, 6],
      [10, null, 30, 50, null],
      [11, null, 31, 51, null],
      [null, 0.2, 0.3, null, 0.6],
    ]);
  });
  it("leaves the data as it is without an earlier run's points", () => {
    const data: [number[], number[]] = [[1], [2]];
    expect(withPrevious(data, [], [[]])).toBe(data);
  });
  it("draws the earlier run alone before this one has a point", () => {
    expect(withPrevious([[], []], [1, 2], [[5, 6]])).toEqual([[1, 2], [null, null], [5, 6]]);
  });
});

describe("thin", () => {
  it("keeps at most `most` points, the last among them", () => {
    const xs = Array.from({ length: 10 }, (_, i) => i);
    const kept = thin(xs, xs, 4);
    expect(kept.xs).toEqual([0, 3, 6, 9]);
    expect(kept.ys).toEqual([0, 3, 6, 9]);
  });
});

describe("deltaText", () => {
  it("compares at the same epoch while this run trains", () => {
    expect(deltaText(previous(curves([80, 90, 95])), { epoch: 2, val_accuracy: 0.931 }, false, true)).toBe("+3.1 points vs previous (90.0% at epoch 2)");
  });
  it("compares with the earlier run's last epoch when it had fewer", () => {
    expect(deltaText(previous(curves([80, 90])), { epoch: 5, val_accuracy: 0.85 }, false, true)).toBe("−5.0 points vs previous (90.0% at epoch 2)");
  });
  it("compares with the earlier run's result once this one has ended", () => {
    const prev = previous(curves([80, 90, 95]), { epoch: 3, val_accuracy: 0.96 });
    expect(deltaText(prev, { epoch: 3, val_accuracy: 0.96 }, true, true)).toBe("±0.0 points vs previous (96.0% at epoch 3)");
  });
  it("says a regression's validation loss in percent", () => {
    const prev = previous(curves([0, 0], [0.5, 0.4]));
    expect(deltaText(prev, { epoch: 2, val_loss: 0.3 }, false, false)).toBe("validation loss 25.0% lower than previous (0.400 at epoch 2)");
  });
  it("compares no loss of another loss, and nothing of another dataset", () => {
    const otherLoss = previous(curves([0, 0], [0.1, 0.1]), null, { losses: ["MSELoss", "L1Loss"], datasets: [] });
    expect(deltaText(otherLoss, { epoch: 2, val_loss: 0.017 }, false, false)).toBeNull();
    const accuracyOtherLoss = previous(curves([80, 90]), null, { losses: ["CrossEntropyLoss", "NLLLoss"], datasets: [] });
    expect(deltaText(accuracyOtherLoss, { epoch: 2, val_accuracy: 0.931 }, false, true)).toBe("+3.1 points vs previous (90.0% at epoch 2)");
    const otherData = previous(curves([80, 90]), null, { losses: [], datasets: ["digits", "wine"] });
    expect(deltaText(otherData, { epoch: 2, val_accuracy: 0.931 }, false, true)).toBeNull();
  });
  it("says nothing before there is anything to compare", () => {
    expect(deltaText(previous(curves([])), { epoch: 1, val_accuracy: 0.5 }, false, true)).toBeNull();
    expect(deltaText(previous(curves([90])), { epoch: 1, val_accuracy: null }, false, true)).toBeNull();
  });
});
