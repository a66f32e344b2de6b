// The design drawn read-only, as on the canvas: input, layers with their output shapes, and wires.
// As on the canvas, text stays readable: the box grows as tall as the graph rather than zooming out,
// except on a phone, where it is held to the screen's height (ModelGraph.css) and zooms out to fit.
// It is a picture the page scrolls over: a wheel or a swipe on it scrolls the page, never pans or
// zooms the drawing (a phone's pinch zooms the page, to look closer).
import { useEffect, useMemo, useRef, useState } from "react";
import { Background, ReactFlow, type Edge, type Node, type ReactFlowInstance } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { Design, ValidateResponse } from "../api/types";
import { formatShape } from "../editor/format";
import { INPUT_KEY, type Wire } from "../editor/layerGraph";
import { layeredLayout, ROW } from "../editor/layout";
import "./ModelGraph.css";

const FIT = { padding: 0.05, maxZoom: 1, minZoom: 0.25 }; // nothing to pan to: every node in view
const NODE_HEIGHT = 60; // a node's two lines and padding, about
// Rows closer than the editor's (layout.ts ROW): its nodes hold their params, these two lines only.
// A LeNet's ten layers took a box 1,050 px tall.
const ROW_HERE = 68;

export function ModelGraph({ design, result }: { design: Design; result: ValidateResponse }) {
  // The same node objects while the design is the same, even given anew (the view loaded again):
  // xyflow forgets the size of a node given as a new object and hides it until it is measured
  // again, which can be never when that lands in the frame of its first measuring.
  const same = useMemo(() => JSON.stringify([design, result]), [design, result]); // not on every live event's render
  const { nodes, edges, depth } = useMemo(() => graphOf(design, result), [same]);
  // Fitted again when its box changes size (a window made narrower, a phone turned): fitted once,
  // a graph fitted to a wide box ran off a narrow one's side.
  const box = useRef<HTMLDivElement>(null);
  const [flow, setFlow] = useState<ReactFlowInstance | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || !flow) return;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return;
      width = element.clientWidth;
      void flow.fitView(FIT);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [flow]);
  return (
    <div
      ref={box}
      className="model-graph"
      data-testid="model-graph"
      role="img"
      aria-label={spokenGraph(design, result)}
      style={{ height: Math.ceil((depth + NODE_HEIGHT) / (1 - 2 * FIT.padding)) }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onInit={setFlow}
        fitView
        fitViewOptions={FIT}
        minZoom={FIT.minZoom}
        panOnDrag={false}
        panOnScroll={false}
        zoomOnScroll={false}
        zoomOnPinch={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false} // a picture, said whole (spokenGraph): 13 tab stops named "Edge from 0 to 1" before
        edgesFocusable={false}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
      >
        <Background gap={16} color="var(--canvas-dots)" />
      </ReactFlow>
    </div>
  );
}

/** The architecture in words, for a screen reader: each layer with its output shape, in order, and
 * what each layer that joins branches takes. */
export function spokenGraph(design: Design, result: ValidateResponse): string {
  const layers = design.layers.map((layer) => {
    const shape = result.nodes[layer.id]?.output_shape;
    return `${layer.id} ${layer.type} ${shape ? formatShape(shape) : ""}`.trim();
  });
  const joins = (design.edges ?? []).reduce((sources, [s, t]) => sources.set(t, [...(sources.get(t) ?? []), s]), new Map<string, string[]>());
  const joined = [...joins].filter(([, from]) => from.length > 1).map(([to, from]) => `${to} takes ${from.join(" and ")}`);
  const start = `Architecture, ${design.layers.length} layer${design.layers.length === 1 ? "" : "s"}: input ${formatShape(design.input_shape)}`;
  return [`${[start, ...layers].join(", then ")}.`, ...joined.map((j) => `${j}.`)].join(" ");
}

/** The nodes and wires, and `depth`: how far below the input the lowest node starts, in px at zoom 1. */
function graphOf(design: Design, result: ValidateResponse): { nodes: Node[]; edges: Edge[]; depth: number } {
  const keyOf = new Map<string, number>([["input", INPUT_KEY], ...design.layers.map((l, i) => [l.id, i + 1] as [string, number])]);
  const keys = design.layers.map((_, i) => i + 1);
  const wires: Wire[] = design.edges
    ? design.edges.map(([s, t]) => [keyOf.get(s) ?? INPUT_KEY, keyOf.get(t) ?? INPUT_KEY])
    : keys.map((k) => [k - 1, k]);
  const laid = layeredLayout(keys, wires);
  const at = new Map([...laid].map(([key, { x, y }]) => [key, { x, y: (y / ROW) * ROW_HERE }]));
  const label = (title: string, shape: string) => (
    <div className="graph-label">
      <strong>{title}</strong>
      <span className="shape">{shape}</span>
    </div>
  );
  const nodes: Node[] = [
    { id: "0", position: at.get(INPUT_KEY) ?? { x: 0, y: 0 }, data: { label: label("Input", formatShape(design.input_shape)) }, className: "graph-node graph-input" },
    ...design.layers.map((layer, i) => {
      const shape = result.nodes[layer.id]?.output_shape;
      return {
        id: String(i + 1),
        position: at.get(i + 1) ?? { x: 0, y: (i + 1) * ROW_HERE },
        data: { label: label(`${layer.type} · ${layer.id}`, shape ? formatShape(shape) : "—") },
        className: "graph-node",
      } satisfies Node;
    }),
  ];
  const edges: Edge[] = wires.map(([s, t], i) => ({ id: `w${i}`, source: String(s), target: String(t) }));
  const ys = nodes.map((n) => n.position.y);
  return { nodes, edges, depth: Math.max(...ys) - Math.min(...ys) };
}
