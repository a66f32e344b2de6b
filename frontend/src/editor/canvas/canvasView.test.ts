import { describe, expect, it } from "vitest";
import { FIT, openingView, revealView } from "./canvasView";

const pane = { width: 800, height: 1800 };
/** Where a flow rect is drawn on the pane under `view`. */
const onPane = (view: { x: number; y: number; zoom: number }, r: { x: number; y: number; width: number; height: number }) => ({
  top: r.y * view.zoom + view.y,
  bottom: (r.y + r.height) * view.zoom + view.y,
});

describe("openingView", () => {
  it("shows all of a design that fits at a readable zoom", () => {
    const lenet = { x: 0, y: 0, width: 200, height: 1200 };
    const view = openingView(lenet, pane);
    const drawn = onPane(view, lenet);
    expect(view.zoom).toBeGreaterThanOrEqual(FIT.minZoom);
    expect(drawn.top).toBeGreaterThan(0);
    expect(drawn.bottom).toBeLessThan(pane.height);
  });

  it("opens a long design at its top, at the least readable zoom", () => {
    const stack = { x: 0, y: 0, width: 200, height: 201 * 104 };
    const view = openingView(stack, pane);
    expect(view.zoom).toBe(FIT.minZoom);
    expect(onPane(view, stack).top).toBe(24);
    expect(view.x).toBeCloseTo(pane.width / 2 - 100 * FIT.minZoom);
  });
});

describe("revealView", () => {
  const view = { x: 300, y: 24, zoom: 0.85 }; // a long stack opened at its top

  it("leaves the view alone for a layer already in it", () => {
    expect(revealView(view, { x: 0, y: 500, width: 200, height: 58 }, pane)).toEqual(view);
  });

  it("moves the view just enough to bring a layer below it into it", () => {
    const last = { x: 0, y: 200 * 104, width: 200, height: 58 };
    const moved = revealView(view, last, pane);
    expect(moved.zoom).toBe(view.zoom);
    expect(moved.x).toBe(view.x);
    expect(onPane(moved, last).bottom).toBeCloseTo(pane.height - 24);
  });

  it("brings a layer above the view down into it", () => {
    const moved = revealView({ ...view, y: -5000 }, { x: 0, y: 0, width: 200, height: 58 }, pane);
    expect(onPane(moved, { x: 0, y: 0, width: 200, height: 58 }).top).toBeCloseTo(24);
  });
});
