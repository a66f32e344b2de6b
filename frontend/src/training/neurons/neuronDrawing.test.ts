import { describe, expect, it } from "vitest";
import { divergingColour, formatValue, LIGHT_NEURONS, scaleEnds, unitExtent } from "./neuronDrawing";

const DARK = { negative: "#f59322", zero: "#111827", positive: "#3b9be0" };

describe("divergingColour", () => {
  it.each([
    ["light", LIGHT_NEURONS],
    ["dark", DARK],
  ])("is the zero colour at 0 and each end's full colour at ±extent (%s)", (_, theme) => {
    const hex = (rgb: number[]) => "#" + rgb.map((c) => c.toString(16).padStart(2, "0")).join("");
    expect(hex(divergingColour(0, 2, theme))).toBe(theme.zero);
    expect(hex(divergingColour(2, 2, theme))).toBe(theme.positive);
    expect(hex(divergingColour(-2, 2, theme))).toBe(theme.negative);
    expect(hex(divergingColour(-5, 2, theme))).toBe(theme.negative); // past the extent: clamped
  });

  it("goes halfway at half the extent, and stays at zero for a unit that never moves", () => {
    expect(divergingColour(1, 2, LIGHT_NEURONS)).toEqual([132, 187, 222]); // #ffffff halfway to #0877bd
    expect(divergingColour(0, 0, LIGHT_NEURONS)).toEqual([255, 255, 255]);
  });

  it("scales a unit by its largest |value|", () => {
    expect(unitExtent({ min: -3, max: 1 })).toBe(3);
  });
});

describe("a unit's scale", () => {
  it("runs from −extent to +extent, and is none for a unit that gave 0 everywhere", () => {
    expect(scaleEnds({ min: -0.5, max: 1.5 })).toEqual(["−1.5", "+1.5"]);
    expect(scaleEnds({ min: -0, max: 0 })).toBeNull();
    expect(formatValue(-0)).toBe("0");
    expect(formatValue(-1e-9)).toBe("-1e-9");
  });
});
