// Tab on the canvas reaches every layer of a long design. From 60 layers xyflow draws only the nodes
// in view (onlyRenderVisibleElements), so Tab would leave the canvas at the last one drawn: each node
// reached by the keyboard brings a row above and below it into view, and with it the next node.
import type { FocusEvent } from "react";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { ROW } from "../layout";
import { revealView } from "./canvasView";

/** A focus handler for the canvas that keeps the nodes either side of a focused node in view. */
export function useFocusInView() {
  const { getInternalNode, getViewport, setViewport } = useReactFlow();
  const store = useStoreApi();
  return (event: FocusEvent<HTMLElement>) => {
    const target = event.target;
    // A click focuses a node too: only the keyboard's focus moves the view.
    if (!target.matches(".react-flow__node:focus-visible")) return;
    const node = getInternalNode(target.dataset.id ?? "");
    if (!node) return;
    // A node just drawn is measured a frame later: held Tab gets there first.
    const size = { width: node.measured.width ?? node.initialWidth ?? 0, height: node.measured.height ?? node.initialHeight ?? 0 };
    const { x, y } = node.internals.positionAbsolute;
    const around = { x, y: y - ROW, width: size.width, height: size.height + 2 * ROW };
    const { width, height } = store.getState();
    void setViewport(revealView(getViewport(), around, { width, height }));
  };
}
