// The stack drawn as a read-only top-to-bottom graph: input, layers and their output shapes.
import { Background, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { Design, ValidateResponse } from "../api/types";
import { formatShape } from "./format";

const ROW = 84;

interface Props {
  design: Design;
  result: ValidateResponse | null;
  onSelect: (layerId: string) => void;
}

export function StackGraph({ design, result, onSelect }: Props) {
  const failed = new Set((result?.errors ?? []).map((e) => e.node));
  const nodes: Node[] = [
    {
      id: "input",
      position: { x: 0, y: 0 },
      data: { label: <GraphLabel title="Input" shape={formatShape(design.input_shape)} /> },
      className: "graph-node graph-input",
      type: "input",
    },
    ...design.layers.map((layer, i) => {
      const shape = result?.nodes[layer.id]?.output_shape;
      return {
        id: `layer-${i}`,
        position: { x: 0, y: (i + 1) * ROW },
        data: { label: <GraphLabel title={`${layer.type} · ${layer.id}`} shape={shape ? formatShape(shape) : "—"} />, layerId: layer.id },
        className: `graph-node ${failed.has(layer.id) ? "graph-error" : ""}`,
        type: i === design.layers.length - 1 ? "output" : "default",
      } satisfies Node;
    }),
  ];
  const edges: Edge[] = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id }));
  return (
    <div className="stack-graph" data-testid="stack-graph" style={{ height: Math.min(640, 80 + nodes.length * ROW) }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_event, node) => typeof node.data.layerId === "string" && onSelect(node.data.layerId)}
      >
        <Background gap={16} color="#e5e7eb" />
      </ReactFlow>
    </div>
  );
}

function GraphLabel({ title, shape }: { title: string; shape: string }) {
  return (
    <div className="graph-label">
      <strong>{title}</strong>
      <span className="shape">{shape}</span>
    </div>
  );
}
