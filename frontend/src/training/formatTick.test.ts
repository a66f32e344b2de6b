import { describe, expect, it } from "vitest";
import { formatTick, logAxisLabels } from "./formatTick";

describe("formatTick", () => {
  it.each([
    [0, "0"],
    [0.5, "0.5"],
    [12, "12"],
    [0.0123, "0.0123"],
    [999, "999"],
    [1000, "1k"],
    [1234, "1.23k"],
    [-45_600, "-45.6k"],
    [999_999, "1M"],
    [1e6, "1M"],
    [3.4e6, "3.4M"],
    [2.5e9, "2.5G"],
    [7e12, "7T"],
    [1e15, "1e+15"],
    [2.1e26, "2.1e+26"],
    [3.88e25, "3.88e+25"],
    [-3e26, "-3e+26"],
    [0.005, "5e-3"],
    [3.456e-4, "3.46e-4"],
    [1e-12, "1e-12"],
  ])("writes %s as %s", (value, text) => {
    expect(formatTick(value)).toBe(text);
  });

  it("says what a value that is not finite is", () => {
    expect(formatTick(Infinity)).toBe("∞");
    expect(formatTick(-Infinity)).toBe("−∞");
    expect(formatTick(NaN)).toBe("NaN");
  });

  it("stays short at every magnitude", () => {
    for (let exponent = -30; exponent <= 30; exponent++) expect(formatTick(-9.87654 * 10 ** exponent).length).toBeLessThanOrEqual(9);
  });
});

describe("logAxisLabels", () => {
  it("writes every tick below 1 as a power once one needs it", () => {
    expect(logAxisLabels([1e-3, 0.01, 0.1, 1])).toEqual(["1e-3", "1e-2", "1e-1", "1"]);
    expect(logAxisLabels([0.01, 0.1, 1, 10])).toEqual(["0.01", "0.1", "1", "10"]);
  });

  it("writes every tick from 1000 as a power once one needs it", () => {
    expect(logAxisLabels([1, 1e5, 1e10, 1e15, 1e20])).toEqual(["1", "1e+5", "1e+10", "1e+15", "1e+20"]);
    expect(logAxisLabels([1, 1000, 1e6])).toEqual(["1", "1k", "1M"]);
  });

  it("keeps a tick uPlot left unlabelled empty", () => {
    expect(logAxisLabels([null, 1e-4, 1])).toEqual(["", "1e-4", "1"]);
  });
});
