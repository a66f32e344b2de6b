import { describe, expect, it } from "vitest";
import { edgeStep } from "./useEdgePan";

const box = { left: 0, top: 100, right: 400, bottom: 600 };

describe("edgeStep", () => {
  it("leaves the view still away from the edges, and outside the canvas", () => {
    expect(edgeStep({ x: 200, y: 300 }, box)).toEqual({ x: 0, y: 0 });
    expect(edgeStep({ x: 200, y: 50 }, box)).toEqual({ x: 0, y: 0 });
  });
  it("moves the view toward the edge the pointer is near, faster the closer", () => {
    expect(edgeStep({ x: 399, y: 300 }, box).x).toBeLessThan(-14); // content slides left: more on the right
    expect(edgeStep({ x: 380, y: 300 }, box).x).toBeCloseTo(-7.5);
    expect(edgeStep({ x: 1, y: 300 }, box).x).toBeGreaterThan(14);
    expect(edgeStep({ x: 200, y: 110 }, box)).toEqual({ x: 0, y: 11.25 });
    expect(edgeStep({ x: 200, y: 590 }, box)).toEqual({ x: 0, y: -11.25 });
  });
});
