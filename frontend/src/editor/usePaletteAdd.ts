// What a palette click (or Enter on a palette button) does: in a stack, the new layer goes right
// after the one layer open in the List or selected on the Canvas, and is then the one open or
// selected, so the next goes after it; with none or several, it goes last (in a wired design it
// waits unconnected). By keyboard the focus follows it (useFocusAdded).
import type { LayerSpec } from "../api/types";
import type { DesignEditor } from "./useDesign";
import { useExpanded } from "./useExpanded";
import { useFocusAdded } from "./useFocusAdded";

type View = "list" | "canvas";

/** The one key in `keys`, or null where there are none or several. */
function onlyOne(keys: Set<number>): number | null {
  return keys.size === 1 ? [...keys][0]! : null;
}

export function usePaletteAdd(editor: DesignEditor, view: View, selected: Set<number>, onSelect: (keys: Set<number>) => void) {
  const expanded = useExpanded(editor.items);
  const focusAdded = useFocusAdded(editor.items, onSelect);
  const add = (spec: LayerSpec, byKeyboard: boolean) => {
    const after = editor.graph.wires === null ? onlyOne(view === "list" ? expanded.open : selected) : null;
    const afterId = editor.items.find((it) => it.key === after)?.layer.id ?? null;
    if (byKeyboard || afterId) focusAdded.expectAdded(byKeyboard, afterId);
    if (after !== null && afterId) editor.insertAfter(spec, after);
    else editor.addLayer(spec);
  };
  /** `said`: what was added, for the status line. */
  return { add, said: focusAdded.said, expanded };
}
