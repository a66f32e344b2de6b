// Tab on the canvas reaches every layer of a long design. From 60 layers xyflow draws only the nodes
// in view (onlyRenderVisibleElements), so Tab would leave the canvas at the last one drawn: each node
// reached by the keyboard brings a row above and below it into view, and with it the next node.
// A wire reached by the keyboard (wireKeys.ts) brings its two layers into view, the one it comes
// from first: a wire below the canvas's edge had the focus unseen.
// Then the page follows: the browser scrolls to the focus before the canvas moves its view, which
// on a phone's canvas took the first layer, Tabbed to at the window's foot, below it and under
// Train's bar.
import type { FocusEvent } from "react";
import { useReactFlow, useStoreApi, type InternalNode, type Rect } from "@xyflow/react";
import { ROW } from "../layout";
import { revealView } from "./canvasView";

const RING = 8; // px: a focused node's dashed ring, drawn 5 px outside its box, and a little room

/** A node's box on the canvas. A node just drawn is measured a frame later: held Tab gets there first. */
function boxOf(node: InternalNode): Rect {
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width: node.measured.width ?? node.initialWidth ?? 0, height: node.measured.height ?? node.initialHeight ?? 0 };
}

/** The box around both: what a wire from one to the other needs in view. */
function union(a: Rect, b: Rect): Rect {
  const [x, y] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Scrolls the page (never the canvas's own clipped boxes) as little as needs be for `element` to
 * be in the window, clear of what the page's scroll-padding keeps clear (Train's bar at its foot). */
function bringIntoWindow(element: Element) {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(document.documentElement);
  const top = (parseFloat(style.scrollPaddingTop) || 0) + RING;
  const bottom = window.innerHeight - (parseFloat(style.scrollPaddingBottom) || 0) - RING;
  if (box.top < top) window.scrollBy(0, box.top - top);
  else if (box.bottom > bottom) window.scrollBy(0, Math.min(box.bottom - bottom, box.top - top));
}

/** A focus handler for the canvas that keeps the nodes either side of a focused node in view. */
export function useFocusInView() {
  const { getInternalNode, getViewport, setViewport } = useReactFlow();
  const store = useStoreApi();
  const shownFor = (target: HTMLElement): Rect | null => {
    // A click focuses a node or wire too: only the keyboard's focus moves the view.
    if (target.matches(".react-flow__node:focus-visible")) {
      const node = getInternalNode(target.dataset.id ?? "");
      if (!node) return null;
      const box = boxOf(node);
      return { ...box, y: box.y - ROW, height: box.height + 2 * ROW };
    }
    if (target.matches(".react-flow__edge:focus-visible")) {
      const [source, destination] = (target.dataset.id ?? "").split("-").map((id) => getInternalNode(id));
      if (!source || !destination) return null;
      return union(boxOf(source), boxOf(destination));
    }
    return null;
  };
  return (event: FocusEvent<HTMLElement>) => {
    const shown = shownFor(event.target);
    if (!shown) return;
    const { width, height } = store.getState();
    const target = event.target;
    // Once the moved view is drawn, a frame after the transform is set.
    void setViewport(revealView(getViewport(), shown, { width, height })).then(() =>
      requestAnimationFrame(() => {
        if (document.activeElement === target) bringIntoWindow(target);
      }),
    );
  };
}
