import { describe, expect, it } from "vitest";
import { cellColors, contrast, luminance, parseHex } from "./cellColors";

// theme.css's values, light and dark.
const LIGHT = { low: "#ffffff", high: "#1d4ed8", texts: ["#000000", "#ffffff"] };
const DARK = { low: "#111827", high: "#2563eb", texts: ["#e5e7eb", "#ffffff"] };

const rgb = (css: string) => css.match(/\d+/g)!.map(Number) as [number, number, number];

describe("cellColors", () => {
  it.each([
    ["light", LIGHT],
    ["dark", DARK],
  ])("keeps text at AA contrast at every share (%s)", (_, theme) => {
    for (let share = 0; share <= 1; share += 0.01) {
      const { background, color } = cellColors(share, theme);
      expect(contrast(rgb(background), parseHex(color))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keeps a low-count cell near the page's own background, light or dark", () => {
    expect(luminance(rgb(cellColors(0.02, LIGHT).background))).toBeGreaterThan(0.8);
    expect(luminance(rgb(cellColors(0.02, DARK).background))).toBeLessThan(0.05);
  });

  it("deepens with the share", () => {
    const [few, all] = [cellColors(0.1, LIGHT), cellColors(1, LIGHT)];
    expect(luminance(rgb(all.background))).toBeLessThan(luminance(rgb(few.background)));
  });

  it("reads short and long hex", () => {
    expect(parseHex("#fff")).toEqual([255, 255, 255]);
    expect(parseHex(" #1d4ed8")).toEqual([29, 78, 216]);
  });
});
