import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "../api/types";
import { addFrame, emptyStepLosses } from "./stepLosses";

const frame = (step: number, losses: (number | null)[], lr: number, lrs: number[] | null = null) =>
  ({ type: "progress", epoch: 1, step, loss: 1, losses, grad_norms: {}, elapsed: step, eta: 0, samples_per_second: 1, lr, lrs, seq: step }) as ProgressEvent;

describe("addFrame", () => {
  it("gives each step its own rate where the frame carries them, else the frame's one rate", () => {
    const series = emptyStepLosses();
    addFrame(series, frame(3, [1, 1, 1], 0.1), 10); // constant within the frame
    addFrame(series, frame(6, [1, 1, 1], 0.4, [0.2, 0.3, 0.4]), 10); // a warm-up
    expect([...series.lrs.values()]).toEqual([0.1, 0.1, 0.1, 0.2, 0.3, 0.4]);
    expect([...series.steps.values()]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("counts the steps whose loss was not finite, and the first of them", () => {
    const series = emptyStepLosses();
    addFrame(series, frame(3, [0.7, 3.1, 2e3], 10), 10);
    expect(series.notFinite).toEqual({ count: 0, first: null });
    addFrame(series, frame(6, [4e9, null, null], 10), 10);
    expect(series.notFinite).toEqual({ count: 2, first: 5 });
  });
});
