// Which layer cards of the list are open for editing. A layer just added (or duplicated) opens and
// the rest fold; a whole design arriving at once (a file, a template, a link, a reload) stays folded
// to one line a layer. A click on a line opens it.
import { useEffect, useRef, useState } from "react";
import type { StackItem } from "./useDesign";

export function useExpanded(items: StackItem[]) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const seen = useRef<Set<number> | null>(null);

  useEffect(() => {
    const keys = new Set(items.map((it) => it.key));
    const before = seen.current;
    seen.current = keys;
    if (before === null) return; // the first render: whatever was there is folded
    const added = [...keys].filter((key) => !before.has(key));
    // The one just added opens and the others fold, so the list stays one line a layer.
    if (added.length === 1) setOpen(new Set([added[0]!]));
  }, [items]);

  const toggle = (key: number) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return { isOpen: (key: number) => open.has(key), toggle };
}

export type Expanded = ReturnType<typeof useExpanded>;
