// A layer carried near the canvas's edge (by a mouse or a finger) moves the view, as a node
// dragged to the edge does in @xyflow/react: the closer to the edge, the faster. Each dragover
// (a browser repeats it while the pointer rests; usePaletteTouchDrag does too) moves it one step.
import { useReactFlow, type XYPosition } from "@xyflow/react";

const EDGE = 40; // px from the canvas's visible edge where panning starts (xyflow's own distance)
const STEP = 15; // px the view moves a dragover at the very edge (xyflow's autoPanSpeed)

/** How far to move the view for a pointer `at` in `box`: toward the side it is near. */
export function edgeStep(at: XYPosition, box: { left: number; top: number; right: number; bottom: number }): XYPosition {
  const towards = (low: number, high: number, p: number) => {
    if (p < low || p > high) return 0; // outside: nothing of this canvas is under the pointer
    if (p < low + EDGE) return STEP * (1 - (p - low) / EDGE);
    if (p > high - EDGE) return -STEP * (1 - (high - p) / EDGE);
    return 0;
  };
  return { x: towards(box.left, box.right, at.x), y: towards(box.top, box.bottom, at.y) };
}

export function useEdgePan() {
  const { getViewport, setViewport } = useReactFlow();
  /** Pans the view of `canvas` one step when `at` is near the edge of the part on screen. */
  return (canvas: HTMLElement, at: XYPosition) => {
    const r = canvas.getBoundingClientRect();
    // The part of the canvas on the screen: on a phone the page may hide its top or bottom.
    const shown = { left: r.left, right: r.right, top: Math.max(r.top, 0), bottom: Math.min(r.bottom, window.innerHeight) };
    const step = edgeStep(at, shown);
    if (step.x === 0 && step.y === 0) return;
    const view = getViewport();
    void setViewport({ ...view, x: view.x + step.x, y: view.y + step.y });
  };
}
