import { describe, expect, it } from "vitest";
import { seriesStyle } from "./chartTheme";

describe("seriesStyle", () => {
  it("gives 32 lines 32 different looks: the 8 colours solid, then dashed, dotted and dash-dot", () => {
    const looks = Array.from({ length: 32 }, (_, i) => JSON.stringify(seriesStyle(i)));
    expect(new Set(looks).size).toBe(32);
    expect(seriesStyle(0)).toEqual({ color: "--chart-series-1" });
    expect(seriesStyle(8)).toEqual({ color: "--chart-series-1", dash: [8, 4] });
    expect(seriesStyle(31).color).toBe("--chart-series-8");
  });
});
