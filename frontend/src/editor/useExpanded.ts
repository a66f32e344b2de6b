// Which layer cards of the list are open for editing. A layer just added (or duplicated) opens and
// the rest fold; a whole design arriving at once (a file, a template, a link, a reload) stays folded
// to one line a layer. A click on a line opens it.
import { useCallback, useState } from "react";
import type { StackItem } from "./useDesign";

export function useExpanded(items: StackItem[]) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [seen, setSeen] = useState<StackItem[] | null>(null);

  // Worked out while rendering, not in an effect: a layer just added is drawn open the first time,
  // never folded for a frame and then opened (a click aimed at its folded line would then miss).
  if (seen !== items) {
    setSeen(items);
    if (seen !== null) {
      const before = new Set(seen.map((it) => it.key));
      const added = items.filter((it) => !before.has(it.key));
      // The one just added opens and the others fold, so the list stays one line a layer.
      if (added.length === 1) setOpen(new Set([added[0]!.key]));
    }
  }

  // The same function every render: a card redraws only when its own layer or state changes.
  const toggle = useCallback(
    (key: number) =>
      setOpen((o) => {
        const next = new Set(o);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  /** The open layers, which Duplicate and Delete above the list act on. */
  return { isOpen: (key: number) => open.has(key), toggle, open };
}

export type Expanded = ReturnType<typeof useExpanded>;
