// After a layer is added from the palette by keyboard, the focus moves to it: to its id in the
// List's open card or, on the Canvas, in the inspector, which edits it once it is selected. So a
// person at the keyboard edits it at once, not after tabbing past the whole palette; a status line
// says what was added.
import { useEffect, useRef, useState } from "react";
import type { StackItem } from "./layerGraph";

/** The DOM id of a layer's id field, in its card: where the focus goes. */
export const layerIdField = (key: number) => `layer-${key}-id`;

export function useFocusAdded(items: StackItem[], onSelect: (keys: Set<number>) => void) {
  // The layers before an add, until it shows; whether the focus follows; the id it went after.
  const before = useRef<{ keys: Set<number>; focus: boolean; after: string | null } | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [said, setSaid] = useState("");

  useEffect(() => {
    const expected = before.current;
    const added = expected && items.find((item) => !expected.keys.has(item.key));
    if (!added) return;
    before.current = null;
    onSelect(new Set([added.key])); // on the canvas, the inspector shows it, and the next add follows it
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

  /** Call before adding a layer by keyboard (`focus`), or after another (`after`, its id). */
  const expectAdded = (focus: boolean, after: string | null) => {
    before.current = { keys: new Set(items.map((item) => item.key)), focus, after };
  };
  return { expectAdded, said };
}
