// The canvas's nodes and edges, made from the design, its layout and the server's answer.
import { useCallback, useMemo, useRef, useState } from "react";
import type { EdgeChange, Node, NodeChange } from "@xyflow/react";
import type { ValidateResponse } from "../../api/types";
import { INPUT_KEY, idOf, wiresOf, type Point } from "../layerGraph";
import { layeredLayout, spreadRows } from "../layout";
import type { DesignEditor } from "../useDesign";
import { formatShape } from "../format";
import { errorsByLayer } from "../layerErrors";
import { INPUT_SIZE, LAYER_SIZE, declaredHandles } from "./declaredHandles";
import { keepAlike } from "./keepAlike";
import type { InputNodeType } from "./InputNode";
import type { LayerNodeType } from "./LayerNode";
import type { ShapeEdgeType } from "./ShapeEdge";
import { NO_TAB_STOP } from "./wireKeys";

type Size = { width: number; height: number };

interface Options {
  editor: DesignEditor;
  result: ValidateResponse | null;
  datasetTitle: string;
  selected: Set<number>;
  onSelect: (keys: Set<number>) => void;
}

export function useCanvasElements({ editor, result, datasetTitle, selected, onSelect }: Options) {
  const { graph, design, applyFix } = editor;
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const [dragging, setDragging] = useState<Record<string, Point>>({});
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());

  const wires = useMemo(() => wiresOf(graph), [graph]);
  const heights = useMemo(() => new Map(Object.entries(measured).map(([key, size]) => [Number(key), size.height])), [measured]);
  const layout = useMemo(() => spreadRows(layeredLayout(graph.items.map((it) => it.key), wires), heights), [graph, wires, heights]);
  const placed = useCallback(
    (key: number): Point => dragging[key] ?? graph.positions[key] ?? layout.get(key) ?? { x: 0, y: 0 },
    [dragging, graph.positions, layout],
  );

  // The nodes and edges drawn last, whose unchanged members the next ones reuse.
  const drawn = useRef<{ nodes: (InputNodeType | LayerNodeType)[]; edges: ShapeEdgeType[] }>({ nodes: [], edges: [] });
  const nodes = useMemo(() => {
    const input: InputNodeType = {
      id: String(INPUT_KEY),
      type: "dataInput",
      position: placed(INPUT_KEY),
      data: { title: datasetTitle, shape: design.input_shape },
      deletable: false,
      selected: selected.has(INPUT_KEY),
      measured: measured[INPUT_KEY],
      initialWidth: INPUT_SIZE.width,
      initialHeight: INPUT_SIZE.height,
      handles: declaredHandles(measured[INPUT_KEY] ?? INPUT_SIZE, false),
    };
    const errorsOf = errorsByLayer(result?.errors ?? []);
    const layers = graph.items.map(
      ({ key, layer }): LayerNodeType => ({
        id: String(key),
        type: "layer",
        position: placed(key),
        data: {
          layer,
          report: result?.nodes[layer.id],
          errors: errorsOf(layer.id),
          onFix: applyFix,
        },
        selected: selected.has(key),
        measured: measured[key],
        initialWidth: LAYER_SIZE.width,
        initialHeight: LAYER_SIZE.height,
        handles: declaredHandles(measured[key] ?? LAYER_SIZE, true),
      }),
    );
    return (drawn.current.nodes = keepAlike(drawn.current.nodes, [input, ...layers]));
  }, [graph, design.input_shape, datasetTitle, result, selected, measured, placed, applyFix]);

  const edges = useMemo(() => {
    const ids = new Map(graph.items.map((it) => [it.key, it.layer.id]));
    const idOfKey = (key: number) => ids.get(key) ?? idOf(graph, key); // the input's id, or "?"
    const made = wires.map(([s, t]): ShapeEdgeType => {
      const shape = s === INPUT_KEY ? design.input_shape : result?.nodes[idOfKey(s)]?.output_shape;
      const id = `${s}-${t}`;
      const [from, to, text] = [idOfKey(s), idOfKey(t), shape ? formatShape(shape) : ""];
      return {
        id,
        source: String(s),
        target: String(t),
        type: "shape",
        selected: selectedEdges.has(id),
        // What the keyboard reads out on it: the layers' ids, not the canvas's keys.
        ariaLabel: `Wire from ${from} to ${to}${text ? `, shape ${text}` : ""}`,
        domAttributes: NO_TAB_STOP, // one object for all: keepAlike finds a wire unchanged
        data: { from, to, shape: text },
      };
    });
    return (drawn.current.edges = keepAlike(drawn.current.edges, made));
  }, [graph, wires, design.input_shape, result, selectedEdges]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      const sizes: Record<string, Size> = {};
      const moves: Record<string, Point> = {};
      let nextSelected: Set<number> | null = null;
      for (const change of changes) {
        if (change.type === "dimensions" && change.dimensions) sizes[change.id] = change.dimensions;
        if (change.type === "position" && change.dragging && change.position) moves[change.id] = change.position;
        if (change.type === "select") {
          // Only layers still there: one selected, then undone, kept a click on another from
          // being the one selection that a palette layer goes after.
          nextSelected ??= new Set([...selected].filter((key) => key === INPUT_KEY || graph.items.some((it) => it.key === key)));
          if (change.selected) nextSelected.add(Number(change.id));
          else nextSelected.delete(Number(change.id));
        }
      }
      if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
      if (Object.keys(moves).length) setDragging((d) => ({ ...d, ...moves }));
      if (nextSelected) onSelect(nextSelected);
    },
    [selected, onSelect, graph],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const change of changes) {
        if (change.type !== "select") continue;
        if (change.selected) next.add(change.id);
        else next.delete(change.id);
      }
      return next;
    });
  }, []);

  /** The keyboard's focus selects what it lands on, alone: Delete removes the node or wire that
   * shows the focus ring, not one layer selected earlier and perhaps out of view. A selection of
   * several, made on purpose (Shift and Enter, a box), stays as it is for Delete to take whole. */
  const selectFocused = useCallback(
    (target: Element) => {
      if (selected.size + selectedEdges.size > 1) return;
      const id = target.getAttribute("data-id") ?? "";
      if (target.matches(".react-flow__node:focus-visible")) {
        setSelectedEdges(new Set());
        if (!selected.has(Number(id))) onSelect(new Set([Number(id)]));
      } else if (target.matches(".react-flow__edge:focus-visible")) {
        setSelectedEdges(new Set([id]));
        onSelect(new Set());
      }
    },
    [onSelect, selected, selectedEdges],
  );

  /** Nothing selected, the focus left where it is (Escape on a focused node or wire). */
  const unselect = useCallback(() => {
    setSelectedEdges(new Set());
    onSelect(new Set());
  }, [onSelect]);

  /**
   * Ends a drag: where the dragged nodes were let go becomes one undoable step. Read from xyflow's
   * own list, not from `dragging`: on a busy machine the last moves may not have rendered yet, and
   * this callback's `dragging` would put the nodes back where they were a few moves before.
   */
  const commitDrag = useCallback(
    (dragged: Node[]) => {
      if (dragged.length) editor.place(Object.fromEntries(dragged.map((node) => [Number(node.id), node.position])));
      setDragging({});
    },
    [editor],
  );

  /** Ends a drag that did something else with the nodes than move them. */
  const forgetDrag = useCallback(() => setDragging({}), []);

  return { nodes, edges, onNodesChange, onEdgesChange, selectFocused, unselect, commitDrag, forgetDrag };
}
