// After a layer is added from the palette by keyboard, the focus moves to it: to its id in the
// List's open card or, on the Canvas, in the inspector, which edits it once it is selected. So a
// person at the keyboard edits it at once, not after tabbing past the whole palette; a status line
// says what was added.
import { useEffect, useRef, useState } from "react";
import type { StackItem } from "./layerGraph";

/** The DOM id of a layer's id field, in its card: where the focus goes. */
export const layerIdField = (key: number) => `layer-${key}-id`;

export function useFocusAdded(items: StackItem[], onSelect: (keys: Set<number>) => void) {
  const before = useRef<Set<number> | null>(null); // the layers before a keyboard add, until it shows
  const [target, setTarget] = useState<number | null>(null);
  const [said, setSaid] = useState("");

  useEffect(() => {
    const keys = before.current;
    const added = keys && items.find((item) => !keys.has(item.key));
    if (!added) return;
    before.current = null;
    onSelect(new Set([added.key])); // on the canvas, the inspector shows it
    setTarget(added.key);
    setSaid(`Added ${added.layer.type} ${added.layer.id}; its settings follow.`);
  }, [items, onSelect]);

  // After each render until its field is there (the inspector draws it a render later).
  useEffect(() => {
    if (target === null) return;
    const field = document.getElementById(layerIdField(target));
    if (!field) return;
    field.focus();
    setTarget(null);
  });

  /** Call before adding a layer by keyboard. */
  const expectAdded = () => {
    before.current = new Set(items.map((item) => item.key));
  };
  return { expectAdded, said };
}
