// A layer dragged over the canvas, from the palette or already on it, goes where it is dropped:
// onto the wire under the pointer (highlighted while it is there), else, in a stack, after the
// layer above the pointer, and in a graph, unconnected at that point. A join (Add, Concat) is
// never spliced into a graph's wire, where it would have one input of the two it needs; in a
// stack every layer has one input wherever it goes, so there it is spliced like any other.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Node, XYPosition } from "@xyflow/react";
import type { LayerSpec } from "../../api/types";
import { clearSpot, nodeAbove, wireAt } from "../dropTarget";
import { canMoveOnto, INPUT_KEY, type Wire } from "../layerGraph";
import { JOINS_DRAG_TYPE, LAYER_DRAG_TYPE } from "../Palette";
import type { DesignEditor } from "../useDesign";
import type { ShapeEdgeType } from "./ShapeEdge";
import { wireTraces } from "./wireTraces";

/** A new layer's node before it is drawn: the canvas's node width (styles.css) and about its height. */
const NEW_NODE = { width: 200, height: 64 };

const TOLERANCE = 8; // screen px from a wire's path that still count as on it
const NOTE_MS = 6000; // how long what a drop did stays said

interface Options {
  editor: DesignEditor;
  specs: Map<string, LayerSpec>;
  nodes: Node[];
  edges: ShapeEdgeType[];
  screenToFlowPosition: (point: XYPosition) => XYPosition;
}

type Over = { wire: ShapeEdgeType; join: boolean };
const wireOf = (edge: ShapeEdgeType): Wire => [Number(edge.source), Number(edge.target)];
type Pointer = { clientX: number; clientY: number };
/** Where the pointer is on the screen; a touch drag says it in its touches. */
function pointer(event: Pointer | TouchEvent): XYPosition {
  const at: Pointer | undefined = "changedTouches" in event ? event.changedTouches[0] : event;
  return { x: at?.clientX ?? NaN, y: at?.clientY ?? NaN };
}

export function useWireDrop({ editor, specs, nodes, edges, screenToFlowPosition }: Options) {
  const canvas = useRef<HTMLDivElement>(null);
  // The wire under the dragged layer, and whether it is a join that will not go onto it.
  const [over, setOverState] = useState<Over | null>(null);
  // Called at every move of a drag: a new state only when the wire under it changes.
  const setOver = (next: Over | null) =>
    setOverState((now) => (now?.wire.id === next?.wire.id && now?.join === next?.join ? now : next));
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  /** The wire under a point on the screen, leaving out those the layer `moving` cannot move onto
   * (its own, and a skip beside it). */
  const wireUnder = useCallback(
    (at: XYPosition, moving?: string): ShapeEdgeType | null => {
      if (!canvas.current) return null;
      const stays = (edge: ShapeEdgeType) => moving !== undefined && !canMoveOnto(editor.graph, Number(moving), wireOf(edge));
      const traces = wireTraces(canvas.current).filter((t) => edges.some((e) => e.id === t.id && !stays(e)));
      const id = wireAt(at, traces, TOLERANCE);
      return edges.find((e) => e.id === id) ?? null;
    },
    [edges, editor.graph],
  );

  const say = (text: string) => {
    window.clearTimeout(timer.current);
    setNote(text);
    timer.current = window.setTimeout(() => setNote(null), NOTE_MS);
  };

  const onDragOver = (event: React.DragEvent) => {
    const types = event.dataTransfer.types;
    if (!types.includes(LAYER_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    const wire = wireUnder(pointer(event));
    setOver(wire && { wire, join: types.includes(JOINS_DRAG_TYPE) && editor.graph.wires !== null });
  };

  const onDragLeave = (event: React.DragEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as globalThis.Node | null)) setOver(null);
  };

  const onDrop = (event: React.DragEvent) => {
    const spec = specs.get(event.dataTransfer.getData(LAYER_DRAG_TYPE));
    setOver(null);
    if (!spec) return;
    event.preventDefault();
    const wire = wireUnder(pointer(event));
    const stack = editor.graph.wires === null;
    if (wire && (stack || !spec.joins)) return editor.insertOnWire(spec, wireOf(wire));
    const at = screenToFlowPosition(pointer(event));
    const boxes = nodes.map((n) => ({ key: Number(n.id), box: { ...n.position, width: n.measured?.width ?? 0, height: n.measured?.height ?? 0 } }));
    // In a stack every layer is in the chain: it goes after the layer above where it was dropped.
    if (stack) return editor.insertAfter(spec, nodeAbove(at, boxes) ?? INPUT_KEY);
    // Else where it was dropped, clear of the layers there (wired by hand after), which stay put.
    const spot = clearSpot({ x: at.x - 100, y: at.y - 20 }, NEW_NODE, boxes.map((b) => b.box));
    editor.addLayer(spec, spot, Object.fromEntries(nodes.map((n) => [Number(n.id), n.position])));
    if (wire)
      say(`${spec.type} joins branches, so it waits here unconnected and the wire from \`${wire.data?.from}\` to \`${wire.data?.to}\` stays as it was: wire two inputs into it.`);
  };

  /** A layer on the canvas dragged alone, that takes one input, can move onto a wire. */
  const movable = (node: Node, dragged: Node[]) =>
    dragged.length === 1 && node.type === "layer" && !specs.get(editor.items.find((it) => it.key === Number(node.id))?.layer.type ?? "")?.joins;

  const onNodeDrag = (event: MouseEvent | TouchEvent, node: Node, dragged: Node[]) => {
    const wire = movable(node, dragged) ? wireUnder(pointer(event), node.id) : null;
    setOver(wire && { wire, join: false });
  };

  /** Ends a drag of layers on the canvas: true when it moved one onto a wire. */
  const onNodeDragStop = (event: MouseEvent | TouchEvent, node: Node, dragged: Node[]): boolean => {
    setOver(null);
    const wire = movable(node, dragged) ? wireUnder(pointer(event), node.id) : null;
    if (wire) editor.moveOntoWire(Number(node.id), wireOf(wire));
    return wire !== null;
  };

  const target = over && !over.join ? over.wire.id : null;
  const marked = useMemo(
    () => edges.map((e) => (e.id === target && e.data ? { ...e, data: { ...e.data, dropTarget: true } } : e)),
    [edges, target],
  );
  const ends = over?.wire.data ? `the wire from \`${over.wire.data.from}\` to \`${over.wire.data.to}\`` : "";
  const hint = !over
    ? null
    : over.join
      ? `A join waits unconnected where it is dropped, and ${ends} stays as it is: wire two inputs into it.`
      : `Drop to put it on ${ends}.`;

  return { canvas, edges: marked, message: hint ?? note, onDragOver, onDragLeave, onDrop, onNodeDrag, onNodeDragStop };
}
