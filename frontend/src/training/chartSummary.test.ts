import { describe, expect, it } from "vitest";
import type uPlot from "uplot";
import { chartSummary } from "./chartSummary";

describe("chartSummary", () => {
  it("says each line's ends and, for a loss, its lowest where that is not its last", () => {
    const data = [
      [1, 2, 3, 4],
      [2.3, 0.5, 0.07, 0.08],
      [40, 80, 97, null],
    ] as uPlot.AlignedData;
    const text = chartSummary("step", [{ label: "train loss", summary: "lowest" }, { label: "val accuracy %", summary: "highest" }], data);
    expect(text).toBe("train loss from 2.3 at step 1 to 0.08 at step 4, lowest 0.07 at step 3; val accuracy % from 40 at step 1 to 97 at step 3, its highest.");
  });

  it("leaves out a reference line, and says a line with no value yet", () => {
    const data = [[1, 2], [null, null], [1e-3, 1e-3]] as uPlot.AlignedData;
    const text = chartSummary("seconds", [{ label: "conv1" }, { label: "healthy, about", summary: "none" }], data);
    expect(text).toBe("conv1: no value yet.");
  });

  it("says one point once, on a time axis in seconds", () => {
    expect(chartSummary("seconds", [{ label: "loss" }], [[12.5], [0.3]])).toBe("loss 0.3 at 12.5 s.");
  });
});
