import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type uPlot from "uplot";
import { buildOptions } from "./chartOptions";

// The legend's value of series 1 (its latest, away from the cursor) over a y axis that ends at `max`.
function legendValue(values: number[], max: number, idx: number | null = null): string {
  const options = buildOptions(400, 200, "learning rate", [{ label: "smoothed loss", color: "#00f" }], [{ scale: "y", label: "loss", range: [0, max] }], false, true, () => false);
  const series = options.series[1] as { value: (u: uPlot, v: number | null, s: number, i: number | null) => string };
  const u = { data: [values.map((_, i) => i + 1), values], scales: { y: { max } } } as unknown as uPlot;
  return series.value(u, idx === null ? null : values[idx]!, 1, idx);
}

describe("the legend", () => {
  beforeAll(() => {
    // No page here: the theme's colours read as unset, and fall back to its own.
    vi.stubGlobal("document", { documentElement: {} });
    vi.stubGlobal("getComputedStyle", () => ({ getPropertyValue: () => "" }));
  });
  afterAll(() => vi.unstubAllGlobals());

  it("says a value past the top of a capped axis is above the chart", () => {
    // The range test's curve: 2.3 at the start, the axis to 2.5, its blow-up to 4.83 at the end.
    expect(legendValue([2.3, 1.74, 4.83], 2.5)).toBe("4.83 (above the chart)");
    expect(legendValue([2.3, 1.74, 4.83], 2.5, 1)).toBe("1.74");
    expect(legendValue([2.3, 1.74, 2.1], 2.5)).toBe("2.1");
  });
});
