// The design as a node canvas: drop layers from the palette (onto a wire to splice them in),
// wire them, branch and merge.
import { useCallback, type KeyboardEvent } from "react";
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./canvasFocus.css";
import type { LayerSpec, ValidateResponse } from "../../api/types";
import { CodeText } from "../CodeText";
import { INPUT_KEY, wiresOf, type Wire } from "../layerGraph";
import { LAYER_DRAG_TYPE } from "../Palette";
import type { DesignEditor } from "../useDesign";
import { layerIdField } from "../useFocusAdded";
import { FIT } from "./canvasView";
import { InputNode } from "./InputNode";
import { LayerNode } from "./LayerNode";
import { ShapeEdge } from "./ShapeEdge";
import { useCanvasElements } from "./useCanvasElements";
import { useCanvasView } from "./useCanvasView";
import { useConnectionRules } from "./useConnectionRules";
import { useEdgePan } from "./useEdgePan";
import { useFocusInView } from "./useFocusInView";
import { useWireDrop } from "./useWireDrop";
import { removedSaid } from "./removedSaid";
import { ARIA_LABELS, moveAmongWires } from "./wireKeys";

const nodeTypes = { layer: LayerNode, dataInput: InputNode };
const edgeTypes = { shape: ShapeEdge };
/** From this many layers the canvas draws only those in view (200 all drawn took ~370 ms to open);
 * a smaller design is drawn whole, so that every node stays in the page while the view moves. */
const DRAW_IN_VIEW_FROM = 60;

/** Tall enough that a stack fits at the least zoom that keeps its text readable (FIT); past
 * ~14 layers the canvas stops growing and the view pans (scroll) instead. */
function canvasHeight(layers: number): number {
  return Math.min(1800, Math.max(460, 140 + layers * 118));
}

/** A finger drags the view (a phone's canvas is shorter than its design); a mouse draws a selection box. */
const byTouch = globalThis.matchMedia?.("(pointer: coarse)").matches === true;

export interface CanvasProps {
  editor: DesignEditor;
  result: ValidateResponse | null;
  specs: Map<string, LayerSpec>;
  datasetTitle: string;
  selected: Set<number>;
  onSelect: (keys: Set<number>) => void;
  /** Says what a delete removed, in the editor's status line (the focus went with it). */
  onSaid: (text: string) => void;
}

/** Enter on a layer's node takes the keyboard to its settings in the inspector, which shows it
 * once focused: tabbing on toward the inspector went through the other nodes, each selected in turn. */
function editFocusedLayer(event: KeyboardEvent<HTMLDivElement>): void {
  const node = event.target instanceof HTMLElement && event.target.matches(".react-flow__node") ? event.target : null;
  const key = Number(node?.dataset.id);
  if (event.key !== "Enter" || !node || !key) return; // the input (key 0) has no settings
  requestAnimationFrame(() => document.getElementById(layerIdField(key))?.focus());
}

/** Escape on a focused node or wire unselects it and leaves the focus on it: React Flow's own
 * Escape also blurred it, and the keyboard's place fell to the page's start. Its handler (on the
 * node or wire) is kept from the key, in the capture phase, and the selection cleared here. */
function keepFocusOnEscape(event: KeyboardEvent<HTMLDivElement>, unselect: () => void): void {
  if (event.key !== "Escape" || !(event.target instanceof Element)) return;
  if (!event.target.matches(".react-flow__node, .react-flow__edge")) return;
  event.stopPropagation();
  unselect();
}

export function DesignCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ editor, result, specs, datasetTitle, selected, onSelect, onSaid }: CanvasProps) {
  const { screenToFlowPosition } = useReactFlow();
  const elements = useCanvasElements({ editor, result, datasetTitle, selected, onSelect });
  const rules = useConnectionRules(editor.graph, specs);
  const drop = useWireDrop({ editor, specs, nodes: elements.nodes, edges: elements.edges, screenToFlowPosition });
  const count = editor.items.length;
  const edgePan = useEdgePan();
  const onDragOver = (event: React.DragEvent<HTMLDivElement>) => {
    drop.onDragOver(event);
    if (event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) edgePan.pan(event.currentTarget, { x: event.clientX, y: event.clientY });
  };
  const onDragLeave = (event: React.DragEvent<HTMLDivElement>) => {
    drop.onDragLeave(event);
    edgePan.leave(event.currentTarget, { x: event.clientX, y: event.clientY });
  };
  const onDrop = (event: React.DragEvent<HTMLDivElement>) => {
    edgePan.leave(event.currentTarget);
    drop.onDrop(event);
  };

  useCanvasView(elements.nodes);
  const focusInView = useFocusInView();

  const onDelete = useCallback(
    ({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) => {
      const keys = new Set(nodes.map((n) => Number(n.id)));
      // Wires into or out of a deleted layer go with it (and are bridged); only the others are removed here.
      const wires = edges
        .map((e): Wire => [Number(e.source), Number(e.target)])
        .filter(([s, t]) => !keys.has(s) && !keys.has(t));
      // Keyboard focus goes to a layer that feeds what was deleted (a wire: the layer it came
      // from; else the input), not to the page's start: deleted with the Delete key, the focused
      // node or wire took the focus with it.
      const focused = drop.canvas.current?.contains(document.activeElement) ?? false;
      const feeder = wiresOf(editor.graph).find(([s, t]) => keys.has(t) && !keys.has(s))?.[0] ?? wires[0]?.[0] ?? INPUT_KEY;
      onSaid(removedSaid(editor.graph, keys, wires));
      editor.remove(keys, wires);
      onSelect(new Set());
      if (focused)
        requestAnimationFrame(() => drop.canvas.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${feeder}"]`)?.focus());
    },
    [editor, onSelect, onSaid, drop.canvas],
  );

  return (
    <div
      ref={drop.canvas}
      className="canvas"
      data-testid="canvas"
      style={{ height: canvasHeight(count) }}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      onFocus={(event) => {
        focusInView(event);
        elements.selectFocused(event.target);
      }}
      onKeyDown={editFocusedLayer}
      onKeyDownCapture={(event) => {
        keepFocusOnEscape(event, elements.unselect);
        moveAmongWires(event);
      }}
    >
      <ReactFlow
        nodes={elements.nodes}
        edges={drop.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={elements.onNodesChange}
        onEdgesChange={elements.onEdgesChange}
        onNodeDrag={drop.onNodeDrag}
        onNodeDragStop={(event, node, dragged) => (drop.onNodeDragStop(event, node, dragged) ? elements.forgetDrag() : elements.commitDrag(dragged))}
        onConnect={(c: Connection) => editor.connect(Number(c.source), Number(c.target))}
        isValidConnection={rules.isValidConnection}
        onConnectStart={rules.onConnectStart}
        onConnectEnd={rules.onConnectEnd}
        onDelete={onDelete}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        selectionOnDrag={!byTouch}
        selectionMode={SelectionMode.Partial}
        panOnDrag={byTouch ? true : [1, 2]}
        panOnScroll
        onlyRenderVisibleElements={count >= DRAW_IN_VIEW_FROM}
        minZoom={0.3}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={16} color="var(--canvas-dots)" />
        {/* Its fit leaves out the nodes never measured (never in view) unless told to count hidden ones. */}
        <Controls showInteractive={false} fitViewOptions={{ ...FIT, minZoom: 0.3, includeHiddenNodes: true }} />
      </ReactFlow>
      {rules.reason ? (
        <div className="canvas-toast" role="status" data-testid="canvas-toast">
          <CodeText text={rules.reason} />
        </div>
      ) : (
        drop.message && (
          <div className="canvas-toast" role="status" data-testid="canvas-drop-hint">
            <CodeText text={drop.message} />
          </div>
        )
      )}
    </div>
  );
}
