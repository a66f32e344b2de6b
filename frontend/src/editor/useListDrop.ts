// A layer type dragged from the palette over the list (by a mouse, or by a finger that carried it:
// usePaletteTouchDrag) goes where it is dropped: between the two cards around the pointer, shown
// by a line there while it is held. A wired design's list adds it unconnected, and says so.
import { useState } from "react";
import type { LayerSpec } from "../api/types";
import { INPUT_KEY, type StackItem } from "./layerGraph";
import { LAYER_DRAG_TYPE } from "./Palette";
import type { DesignEditor } from "./useDesign";

/** Where a drop would go: after which layer (or the input), and the line's height in the list. */
export interface ListDropTarget {
  after: number;
  afterId: string;
  top: number;
}

/** The place between two rows nearest to `y`: the rows are the input's, then each card's. */
function placeAt(list: HTMLElement, rows: Element[], order: StackItem[], y: number): ListDropTarget {
  const below = rows.slice(1).findIndex((row) => {
    const box = row.getBoundingClientRect();
    return y < box.top + box.height / 2;
  });
  const index = below < 0 ? order.length : below; // cards above the pointer
  const row = rows[index]!.getBoundingClientRect();
  const next = rows[index + 1]?.getBoundingClientRect();
  const gap = next ? (next.top - row.bottom) / 2 : 8;
  const item = order[index - 1];
  return { after: item?.key ?? INPUT_KEY, afterId: item?.layer.id ?? "the input", top: row.bottom + gap - list.getBoundingClientRect().top };
}

export function useListDrop(editor: DesignEditor, specs: Map<string, LayerSpec>, order: StackItem[]) {
  const [target, setTarget] = useState<ListDropTarget | null>(null);
  const wired = editor.graph.wires !== null;

  const onDragOver = (event: React.DragEvent<HTMLElement>) => {
    if (!event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    const list = event.currentTarget;
    const rows = [...(list.querySelector("ol.layers")?.children ?? [])];
    const next = rows.length ? placeAt(list, rows, order, event.clientY) : null;
    setTarget((now) => (now?.after === next?.after && now?.top === next?.top ? now : next));
  };

  const onDragLeave = (event: React.DragEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setTarget(null);
  };

  const onDrop = (event: React.DragEvent<HTMLElement>) => {
    const spec = specs.get(event.dataTransfer.getData(LAYER_DRAG_TYPE));
    const at = target;
    setTarget(null);
    if (!spec || !at) return;
    event.preventDefault();
    if (wired) editor.addLayer(spec); // unconnected, as the hint says: a row is no wire
    else editor.insertAfter(spec, at.after);
  };

  const hint = !target ? null : wired ? "Drop to add it unconnected: wire it on the canvas." : `Drop to put it after ${target.afterId}.`;
  return { target: wired ? null : target, hint, onDragOver, onDragLeave, onDrop };
}
