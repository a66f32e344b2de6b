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

  // A layer in view that grows (it shows an error now, measured after the server's answer) is
  // brought whole into view: its message and Fix button were cut off at the canvas's foot.
  const heights = useRef(new Map<string, number>());
  const sizes = nodes.map((n) => n.measured?.height ?? 0).join();
  useEffect(() => {
    const before = heights.current;
    heights.current = new Map(latest.current.map((n) => [n.id, n.measured?.height ?? 0]));
    if (!width || !height) return;
    const view = getViewport();
    const seen = (n: Node) => {
      const top = n.position.y * view.zoom + view.y;
      return top < height && top + (n.measured?.height ?? 0) * view.zoom > 0;
    };
    // Measured before (a first measure is no growth) and taller now.
    const grew = (n: Node) => (before.get(n.id) ?? 0) > 0 && (n.measured?.height ?? 0) > before.get(n.id)!;
    const grown = latest.current.filter((n) => grew(n) && seen(n));
    if (grown.length) void setViewport(revealView(view, getNodesBounds(grown), { width, height }));
  }, [sizes, width, height, getViewport, setViewport]);
}
