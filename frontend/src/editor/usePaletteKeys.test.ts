import { describe, expect, it } from "vitest";
import { typedIndex } from "./usePaletteKeys";

const names = ["Linear", "Conv2d", "Flatten", "LeakyReLU", "LayerNorm", "Dropout"];

describe("typedIndex", () => {
  it("goes to the type the letters typed start", () => {
    expect(typedIndex("f", 0, names)).toBe(2);
    expect(typedIndex("fl", 2, names)).toBe(2); // Flatten, not LeakyReLU for the "l"
    expect(typedIndex("lay", 0, names)).toBe(4);
  });

  it("steps through the types of one letter typed again and again", () => {
    expect(typedIndex("l", 0, names)).toBe(3);
    expect(typedIndex("ll", 3, names)).toBe(4);
    expect(typedIndex("lll", 4, names)).toBe(0);
  });

  it("stays put for letters no type starts with", () => {
    expect(typedIndex("zq", 1, names)).toBeNull();
  });
});
