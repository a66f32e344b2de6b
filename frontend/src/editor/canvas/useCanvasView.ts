// Sets the canvas's view when it opens and as layers come and go (see canvasView.ts).
import { useEffect, useRef } from "react";
import { getNodesBounds, useReactFlow, useStore, type Node } from "@xyflow/react";
import { fittedView, openingView, revealView } from "./canvasView";

/** Keeps the view on the design: at its top (or all of it) when it opens, all of it while it fits,
 * and each layer added brought into view; a removal moves a long design's view nowhere. */
export function useCanvasView(nodes: Node[]) {
  const { getViewport, setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const latest = useRef(nodes);
  latest.current = nodes;
  const viewed = useRef<Set<string> | null>(null); // the node ids the view was last set for
  const count = nodes.length;

  useEffect(() => {
    if (!width || !height) return;
    // After 60 ms the new nodes have been measured (one showing its error is taller).
    const timer = window.setTimeout(() => {
      const nodes = latest.current;
      const pane = { width, height };
      const bounds = getNodesBounds(nodes);
      const before = viewed.current;
      viewed.current = new Set(nodes.map((n) => n.id));
      if (!before) return void setViewport(openingView(bounds, pane));
      const fitted = fittedView(bounds, pane);
      if (fitted) return void setViewport(fitted);
      const added = nodes.filter((n) => !before.has(n.id));
      if (added.length) void setViewport(revealView(getViewport(), getNodesBounds(added), pane));
    }, 60);
    return () => window.clearTimeout(timer);
  }, [count, width, height, getViewport, setViewport]);
}
