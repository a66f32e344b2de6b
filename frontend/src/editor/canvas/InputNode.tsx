// The network's input on the canvas: the dataset and one sample's shape.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { formatShape } from "../format";

export type InputNodeData = { title: string; shape: number[] };
export type InputNodeType = Node<InputNodeData, "dataInput">;

export function InputNode({ data, selected }: NodeProps<InputNodeType>) {
  return (
    <div className={`canvas-node canvas-input ${selected ? "is-selected" : ""}`} data-testid="node-input">
      <div className="canvas-node-head">
        <span className="layer-type">Input</span>
        <span className="canvas-node-id canvas-input-title" title={data.title} data-testid="input-title">
          {data.title}
        </span>
      </div>
      <div className="canvas-node-foot">
        <span className="shape">{formatShape(data.shape)}</span>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
