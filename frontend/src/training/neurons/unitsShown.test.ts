import { describe, expect, it } from "vitest";
import { unitsShown } from "./unitsShown";

describe("unitsShown", () => {
  it("says how many of the layer's units are shown", () => {
    expect(unitsShown(2, 16)).toBe("the first 2 of 16 units");
    expect(unitsShown(2, 2)).toBe("2 units");
    expect(unitsShown(1, 1)).toBe("1 unit");
  });
});
