import { describe, expect, it } from "vitest";
import { sequencePaths } from "./sequencePaths";

describe("sequencePaths", () => {
  it("spreads the points across the width, the highest at the top and the lowest at the bottom", () => {
    const { paths, zeroY } = sequencePaths([[-1, 1, 0]], 104, 54, 2);
    expect(paths).toEqual(["M2 52 L52 2 L102 27"]);
    expect(zeroY).toBe(27);
  });

  it("puts every channel on one scale", () => {
    const { paths, zeroY } = sequencePaths([[0, 1], [2, 4]], 10, 10, 1);
    expect(paths).toEqual(["M1 9 L9 7", "M1 5 L9 1"]);
    expect(zeroY).toBeNull(); // 0 is the lowest, not inside the range
  });

  it("draws a flat sequence across the middle, and a single step as a point", () => {
    expect(sequencePaths([[3, 3, 3]], 20, 10, 0).paths).toEqual(["M0 5 L10 5 L20 5"]);
    expect(sequencePaths([[7]], 20, 10, 0).paths).toEqual(["M0 5"]);
    expect(sequencePaths([[]], 20, 10).paths).toEqual([""]);
  });
});
