// After a layer is added from the palette by keyboard, the focus moves to it: to its id in the
// List's open card or, on the Canvas, in the inspector, which edits it once it is selected. So a
// person at the keyboard edits it at once, not after tabbing past the whole palette. Each add, a
// click's too, puts a line under the palette that says what was added (on a phone, where the
// layers are below the fold, the one sign a tap did something: editor/LayerAdded.tsx).
import { useEffect, useRef, useState } from "react";
import type { StackItem } from "./layerGraph";

/** The DOM id of a layer's id field, in its card: where the focus goes. */
export const layerIdField = (key: number) => `layer-${key}-id`;

export function useFocusAdded(items: StackItem[], onSelect: (keys: Set<number>) => void) {
  // The layers before an add, until it shows; whether the focus follows, and the selection; the id
  // it went after.
  const before = useRef<{ keys: Set<number>; focus: boolean; select: boolean; after: string | null } | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [said, setSaid] = useState("");
  const [addedKey, setAddedKey] = useState<number | null>(null);

  useEffect(() => {
    const expected = before.current;
    const added = expected && items.find((item) => !expected.keys.has(item.key));
    if (!added) return;
    before.current = null;
    if (expected.select) onSelect(new Set([added.key])); // on the canvas, the inspector shows it, and the next add follows it
    setAddedKey(added.key);
    if (expected.focus) setTarget(added.key);
    const where = expected.after ? ` after ${expected.after}` : "";
    setSaid(`Added ${added.layer.type} ${added.layer.id}${where}${expected.focus ? "; its settings follow." : "."}`);
  }, [items, onSelect]);

  // After each render until its field is there (the inspector draws it a render later).
  useEffect(() => {
    if (target === null) return;
    const field = document.getElementById(layerIdField(target));
    if (!field) return;
    field.focus();
    setTarget(null);
  });

  /** Call before adding a layer: by keyboard (`focus`), or after another (`after`, its id); either
   * selects it, so that the next add follows it. */
  const expectAdded = (focus: boolean, after: string | null) => {
    before.current = { keys: new Set(items.map((item) => item.key)), focus, select: focus || after !== null, after };
  };
  /** `addedKey`: the layer added last, for the line's Show it. */
  return { expectAdded, said, addedKey };
}
