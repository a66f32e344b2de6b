// A layer on the canvas: its type, id, output shape and parameter count; red with its errors.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { DesignError, Layer, NodeReport } from "../../api/types";
import { CodeText } from "../CodeText";
import { FixButton, type OnFix } from "../FixButton";
import { formatCount, formatShape } from "../format";

export type LayerNodeData = {
  layer: Layer;
  report: NodeReport | undefined;
  errors: DesignError[];
  onFix: OnFix;
};
export type LayerNodeType = Node<LayerNodeData, "layer">;

export function LayerNode({ data, selected }: NodeProps<LayerNodeType>) {
  const { layer, report, errors, onFix } = data;
  const state = errors.length ? "has-error" : "";
  return (
    <div className={`canvas-node ${state} ${selected ? "is-selected" : ""}`} data-testid={`node-${layer.id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="canvas-node-head">
        <span className="layer-type">{layer.type}</span>
        <span className="canvas-node-id">{layer.id}</span>
      </div>
      <div className="canvas-node-foot">
        <span className="shape">{report ? formatShape(report.output_shape) : "—"}</span>
        <span data-testid={`node-params-${layer.id}`}>{report ? `${formatCount(report.params)} params` : ""}</span>
      </div>
      {errors.map((e, i) => (
        <div key={i} className="canvas-node-error" data-testid={`node-error-${layer.id}`}>
          <span className="canvas-node-message" title={e.message}>
            <CodeText text={e.message} />
          </span>
          {e.fix && <FixButton fix={e.fix} testId={`node-fix-${layer.id}`} onFix={onFix} />}
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
