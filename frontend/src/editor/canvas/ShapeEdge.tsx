// A wire on the canvas, labelled with the shape of the tensor that flows along it.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";

export type ShapeEdgeData = { from: string; to: string; shape: string };
export type ShapeEdgeType = Edge<ShapeEdgeData, "shape">;

export function ShapeEdge(props: EdgeProps<ShapeEdgeType>) {
  const { id, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? "edge-selected" : ""} />
      <EdgeLabelRenderer>
        <div
          className={`edge-shape ${selected ? "is-selected" : ""}`}
          data-testid={`edge-${data?.from}-${data?.to}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.shape ?? ""}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
