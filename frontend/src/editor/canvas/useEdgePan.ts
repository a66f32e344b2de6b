// A layer carried near the canvas's edge (by a mouse or a finger) moves the view, as a node
// dragged to the edge does in @xyflow/react: the closer to the edge, the faster. Each dragover
// (a browser repeats it while the pointer rests; usePaletteTouchDrag does too) moves it one step.
// A layer carried in from outside crosses an edge on its way: the view pans only once the layer
// has been over the canvas's middle since it came in, so the wire aimed at does not move away
// under it (a finger's slow slide in from the palette panned the view past its drop).
import { useEffect, useRef } from "react";
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

/** The part of the canvas on the screen: on a phone the page may hide its top or bottom. */
function shownPart(canvas: HTMLElement) {
  const r = canvas.getBoundingClientRect();
  return { left: r.left, right: r.right, top: Math.max(r.top, 0), bottom: Math.min(r.bottom, window.innerHeight) };
}

/** Whether `at` is in `box`, edges and all. */
const inside = (at: XYPosition, box: { left: number; top: number; right: number; bottom: number }) =>
  at.x >= box.left && at.x <= box.right && at.y >= box.top && at.y <= box.bottom;

export function useEdgePan() {
  const { getViewport, setViewport } = useReactFlow();
  const armed = useRef(false); // the carried layer has been over the middle since it came in
  useEffect(() => {
    // A drag that ended anywhere (dropped elsewhere, Escape, a finger's lift: usePaletteTouchDrag
    // says dragend too): the next one comes in unarmed.
    const ended = () => {
      armed.current = false;
    };
    window.addEventListener("dragend", ended);
    return () => window.removeEventListener("dragend", ended);
  }, []);
  /** Pans the view of `canvas` one step when `at` is near the edge of the part on screen. */
  const pan = (canvas: HTMLElement, at: XYPosition) => {
    const shown = shownPart(canvas);
    const step = edgeStep(at, shown);
    if (step.x === 0 && step.y === 0) {
      armed.current ||= inside(at, shown);
      return;
    }
    if (!armed.current) return;
    const view = getViewport();
    void setViewport({ ...view, x: view.x + step.x, y: view.y + step.y });
  };
  /** The carried layer left the canvas (a dragleave `at` a point outside it; one between the
   * canvas's own parts is not), or was dropped (no point): the next one comes in unarmed. */
  const leave = (canvas: HTMLElement, at?: XYPosition) => {
    if (!at || !inside(at, shownPart(canvas))) armed.current = false;
  };
  return { pan, leave };
}
