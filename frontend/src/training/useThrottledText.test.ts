import { describe, expect, it } from "vitest";
import { dataKey } from "./useThrottledText";

describe("dataKey", () => {
  it("is the same for the same data handed over as new arrays, and changes when the data does", () => {
    const data = () => [[1, 2, 3], [0.5, null, 0.25]];
    expect(dataKey(data())).toBe(dataKey(data())); // a render that made its arrays afresh
    expect(dataKey([[1, 2, 3, 4], [0.5, null, 0.25, 0.2]])).not.toBe(dataKey(data())); // a new point
    expect(dataKey([[1, 2, 3], [0.4, null, 0.3]])).not.toBe(dataKey(data())); // smoothed otherwise
    expect(dataKey([[2, 3, 4], [null, 0.25, 0.2]])).not.toBe(dataKey(data())); // another window
    expect(dataKey([[], []])).toBe("0 0");
  });
});
