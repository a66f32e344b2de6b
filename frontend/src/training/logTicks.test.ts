import { describe, expect, it } from "vitest";
import { logTicks } from "./logTicks";

describe("a log axis's ticks", () => {
  it("are the powers of ten when each decade has room", () => {
    expect(logTicks(1e-3, 10, 400, 24)).toEqual([1e-3, 0.01, 0.1, 1, 10]);
  });

  it("skip decades, on multiples of the stride, when nine decades share 130 px", () => {
    // 130 / 9 ≈ 14 px a decade: every second power, so labels stand 29 px apart.
    expect(logTicks(1e-7, 10, 130, 24)).toEqual([1e-6, 1e-4, 0.01, 1]);
  });

  it("never put a tick between powers of ten when there are two of them", () => {
    const ticks = logTicks(3e-8, 40, 400, 24);
    expect(ticks.every((v) => Number.isInteger(Math.log10(v)))).toBe(true);
    expect(ticks).toHaveLength(9);
  });

  it("are 1-2-5 times a power of ten on an axis spanning less than a decade or so", () => {
    expect(logTicks(0.15, 0.9, 200, 24)).toEqual([0.2, 0.5]);
    expect(logTicks(0.3, 8, 200, 24)).toEqual([0.5, 1, 2, 5]);
  });

  it("add 2 and 5 times the powers to an axis of two powers of ten, where they have room", () => {
    expect(logTicks(0.1, 1, 150, 24)).toEqual([0.1, 0.2, 0.5, 1]);
    expect(logTicks(0.1, 1, 60, 24)).toEqual([0.1, 1]);
  });

  it("fall back to every 1…9 when 1-2-5 leaves fewer than two", () => {
    expect(logTicks(0.3, 0.45, 200, 24)).toEqual([0.3, 0.4]);
  });

  it("are none for a range a log axis cannot draw", () => {
    expect(logTicks(0, 1, 200, 24)).toEqual([]);
    expect(logTicks(1, 1, 200, 24)).toEqual([]);
  });
});
