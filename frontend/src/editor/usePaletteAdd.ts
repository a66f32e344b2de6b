// What a palette click (or Enter on a palette button) does: the new layer goes right after the
// layer opened last in the List, or the one selected on the Canvas (in a wired design, onto the one
// wire out of it), and is then the one open or selected, so the next goes after it; with none (or
// several selected), it goes last (in a wired design it waits unconnected). By keyboard the focus
// follows it (useFocusAdded).
import { useCallback } from "react";
import type { DesignFix, LayerSpec } from "../api/types";
import { hasPlaceAfter } from "./layerGraph";
import type { DesignEditor } from "./useDesign";
import { useExpanded } from "./useExpanded";
import { useFocusAdded } from "./useFocusAdded";

type View = "list" | "canvas";

/** The key put in `keys` last (the card opened last), or null where there are none. */
function lastOf(keys: Set<number>): number | null {
  return [...keys].at(-1) ?? null;
}

/** The one key in `keys`, or null where there are none or several. */
function onlyOne(keys: Set<number>): number | null {
  return keys.size === 1 ? [...keys][0]! : null;
}

export function usePaletteAdd(editor: DesignEditor, view: View, selected: Set<number>, onSelect: (keys: Set<number>) => void) {
  const expanded = useExpanded(editor.items);
  const focusAdded = useFocusAdded(editor.items, onSelect);
  const add = (spec: LayerSpec, byKeyboard: boolean) => {
    // A layer that joins branches (Add, Concat) has no one wire to go on: it waits unconnected.
    const joinsInGraph = editor.graph.wires !== null && spec.joins;
    const one = joinsInGraph ? null : view === "list" ? lastOf(expanded.open) : onlyOne(selected);
    const after = one !== null && hasPlaceAfter(editor.graph, one) ? one : null;
    const afterId = editor.items.find((it) => it.key === after)?.layer.id ?? null;
    focusAdded.expectAdded(byKeyboard, afterId);
    if (after !== null && afterId) editor.insertAfter(spec, after);
    else editor.addLayer(spec);
  };
  // A fix applied from a layer's error: the focus follows what it inserted or set (useFocusAdded).
  const { expectFix } = focusAdded;
  const { applyFix } = editor.actions;
  const fix = useCallback((applied: DesignFix, byKeyboard = false) => (expectFix(applied, byKeyboard), applyFix(applied)), [expectFix, applyFix]);
  /** `said`: what was added, for the status line; `addedKey`: the layer it names; `say`: says
   * another change there; `fix`: applies a layer's fix, followed. */
  return { add, fix, say: focusAdded.say, said: focusAdded.said, addedKey: focusAdded.addedKey, expanded };
}
