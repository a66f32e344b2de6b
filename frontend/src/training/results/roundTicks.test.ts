import { describe, expect, it } from "vitest";
import { roundTicks } from "./roundTicks";

describe("roundTicks", () => {
  it("puts round numbers inside the range", () => {
    expect(roundTicks(-1.15, 1.16, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(roundTicks(0, 100, 4)).toEqual([0, 50, 100]);
    expect(roundTicks(120_000, 480_000, 4)).toEqual([200_000, 300_000, 400_000]);
  });

  it("gives none for a range with no width", () => {
    expect(roundTicks(2, 2, 4)).toEqual([]);
    expect(roundTicks(Number.NaN, 1, 4)).toEqual([]);
  });
});
