import { describe, expect, it } from "vitest";
import { HEAT_GRADIENT, heatColour, spread, strongestPlace } from "./heatMap";

/** A 6×6 map, 0 but for one 2×2 block at (row, col). */
function block(row: number, col: number): number[] {
  return Array.from({ length: 36 }, (_, i) => (Math.floor(i / 6) >> 1 === row && (i % 6) >> 1 === col ? 1 : 0));
}

describe("heatMap", () => {
  it("says in words where the map is strongest", () => {
    expect(strongestPlace(block(0, 0), 6, 6)).toBe("the top-left");
    expect(strongestPlace(block(0, 2), 6, 6)).toBe("the top-right");
    expect(strongestPlace(block(1, 1), 6, 6)).toBe("the centre");
    expect(strongestPlace(block(2, 1), 6, 6)).toBe("the bottom middle");
    expect(strongestPlace(block(1, 0), 6, 6)).toBe("the left side");
    expect(strongestPlace(new Array<number>(36).fill(0), 6, 6)).toBeNull();
  });
  it("says how much of the picture it lights", () => {
    expect(spread(block(0, 0))).toBe("a small part of the picture");
    expect(spread(new Array<number>(36).fill(1))).toBe("most of the picture");
  });
  it("runs from almost clear violet to opaque yellow", () => {
    expect(heatColour(0)).toEqual([48, 18, 130, 20]);
    expect(heatColour(1)).toEqual([255, 235, 60, 199]);
    expect(heatColour(2)).toEqual(heatColour(1));
  });
  it("draws its legend as the overlay is drawn: the weak end almost clear over a picture's grey", () => {
    expect(HEAT_GRADIENT).toMatch(/^linear-gradient\(to right, rgb\(48 18 130 \/ 0\.078\), /);
    expect(HEAT_GRADIENT).toContain("rgb(255 235 60 / 0.780))");
    expect(HEAT_GRADIENT).toMatch(/, linear-gradient\(#7a7a7a, #7a7a7a\)$/);
  });
});
