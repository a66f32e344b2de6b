// Where a node's wires attach, said before @xyflow/react measures it. With onlyRenderVisibleElements
// it still draws every node whose handles it has not measured (to measure them); declared, they
// let it leave out the nodes outside the view, so a 200-layer canvas mounts the twenty on screen.
import { Position, type NodeHandle } from "@xyflow/react";

type Size = { width: number; height: number };

const HANDLE = 12; // px square, as .canvas .react-flow__handle in styles.css draws it
// Sizes as styles.css draws them, until measured: a layer on one line, the input's title on two.
export const LAYER_SIZE: Size = { width: 200, height: 58 };
export const INPUT_SIZE: Size = { width: 200, height: 76 };

// One array for each size, so that keepAlike finds a node made again with its handles unchanged.
const made = new Map<string, NodeHandle[]>();

/** A node's handles as xyflow measures them: centred on its top (wires in) and its bottom (out). */
export function declaredHandles({ width, height }: Size, wiresIn: boolean): NodeHandle[] {
  const name = `${width}x${height}${wiresIn ? "+in" : ""}`;
  const known = made.get(name);
  if (known) return known;
  const at = { x: width / 2 - HANDLE / 2, width: HANDLE, height: HANDLE };
  const source: NodeHandle = { ...at, type: "source", position: Position.Bottom, y: height - HANDLE / 2 };
  const target: NodeHandle = { ...at, type: "target", position: Position.Top, y: -HANDLE / 2 };
  const handles = wiresIn ? [target, source] : [source];
  made.set(name, handles);
  return handles;
}
