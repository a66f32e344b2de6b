// A wire on the canvas, labelled with the shape of the tensor that flows along it.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import { ROW } from "../layout";

/** `dropTarget`: a layer dragged over the canvas would go onto this wire if dropped now. */
export type ShapeEdgeData = { from: string; to: string; shape: string; dropTarget?: boolean };
export type ShapeEdgeType = Edge<ShapeEdgeData, "shape">;

export function ShapeEdge(props: EdgeProps<ShapeEdgeType>) {
  const { id, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  // A wire that skips rows runs beside the nodes of the branch it skips (the layout keeps that
  // side clear), so its label goes just beside the wire, not centred on it over a node.
  const skips = Math.abs(props.targetY - props.sourceY) > ROW; // next row: about ROW minus a node
  const anchor = skips ? "translate(6px, -50%)" : "translate(-50%, -50%)";
  const state = data?.dropTarget ? "drop-target" : selected ? "selected" : "";
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={state && `edge-${state}`} />
      <EdgeLabelRenderer>
        <div
          className={`edge-shape ${state && `is-${state}`}`}
          data-testid={`edge-${data?.from}-${data?.to}`}
          data-wire={id}
          style={{ transform: `${anchor} translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.shape ?? ""}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
