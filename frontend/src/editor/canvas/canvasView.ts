// Where the canvas looks: the whole design when it fits at a readable zoom, else its top, where the
// data starts; and a layer just added brought into view. Plain geometry, no React.
import { getViewportForBounds, type Rect, type Viewport } from "@xyflow/react";

// Never below 85 %: node text stays at least 11 px on screen; a taller design makes the canvas taller.
export const FIT = { padding: 0.12, maxZoom: 1, minZoom: 0.85 };
const MARGIN = 24; // px between the canvas's edge and a node it scrolls to

/** The canvas's size on the screen, in px. */
export type Pane = { width: number; height: number };

/** The view that shows every layer in `bounds`, or null when they do not fit at a readable zoom. */
export function fittedView(bounds: Rect, pane: Pane): Viewport | null {
  const view = getViewportForBounds(bounds, pane.width, pane.height, FIT.minZoom, FIT.maxZoom, FIT.padding);
  const fits = bounds.height * view.zoom <= pane.height && bounds.width * view.zoom <= pane.width;
  return fits ? view : null;
}

/** The view a canvas opens at: every layer when they fit, else the top of the design (the input)
 * at the fitted zoom, centred across; opening in the middle of a long stack showed neither end. */
export function openingView(bounds: Rect, pane: Pane): Viewport {
  const fitted = fittedView(bounds, pane);
  if (fitted) return fitted;
  const view = getViewportForBounds(bounds, pane.width, pane.height, FIT.minZoom, FIT.maxZoom, FIT.padding);
  return { ...view, y: MARGIN - bounds.y * view.zoom };
}

/** `view` moved as little as needs be for `shown` (a layer just added) to be inside the pane. */
export function revealView(view: Viewport, shown: Rect, pane: Pane): Viewport {
  const along = (offset: number, start: number, size: number, room: number) => {
    const [low, high] = [start * view.zoom + offset, (start + size) * view.zoom + offset];
    if (low < MARGIN) return offset + MARGIN - low;
    if (high > room - MARGIN) return offset - Math.min(high - (room - MARGIN), low - MARGIN);
    return offset;
  };
  return {
    zoom: view.zoom,
    x: along(view.x, shown.x, shown.width, pane.width),
    y: along(view.y, shown.y, shown.height, pane.height),
  };
}
