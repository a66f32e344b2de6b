// The palette as one stop for Tab (a roving tabindex): the arrow keys, Home and End move among its
// layer types, a letter jumps to the next type that starts with it, and Alt+A from anywhere in the
// editor comes back to it. Before, the palette was thirty Tab stops, and after a layer added by
// keyboard took the focus, the way back to the palette was 31 to 40 presses of Shift+Tab.
import { useState, type KeyboardEvent } from "react";
import { useAltKey } from "./useAltKey";

/** The shortcut back to the palette, as its titles show it. */
export const PALETTE_SHORTCUT = "Alt+A" as const;

/** Moves the focus to the palette's layer type that holds its Tab stop. */
export function focusPalette(): void {
  document.querySelector<HTMLElement>('.palette-item[tabindex="0"]')?.focus();
}

/** Where a key moves the focus among `count` items from `at`; null for a key that does not move it. */
function nextIndex(key: string, at: number, count: number, startsWith: (index: number, letter: string) => boolean): number | null {
  if (key === "ArrowDown" || key === "ArrowRight") return (at + 1) % count;
  if (key === "ArrowUp" || key === "ArrowLeft") return (at - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  if (!/^[a-z0-9]$/i.test(key)) return null;
  for (let step = 1; step <= count; step++) {
    const index = (at + step) % count;
    if (startsWith(index, key.toLowerCase())) return index;
  }
  return null;
}

export function usePaletteKeys() {
  const [current, setCurrent] = useState(0);

  useAltKey(PALETTE_SHORTCUT, focusPalette);

  /** On the palette's box: keys pressed on one of its layer types. */
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>(".palette-item")];
    const at = items.findIndex((item) => item === document.activeElement);
    if (at < 0) return;
    const startsWith = (index: number, letter: string) => (items[index]?.dataset.type ?? "").toLowerCase().startsWith(letter);
    const next = nextIndex(event.key, at, items.length, startsWith);
    if (next === null) return;
    event.preventDefault();
    setCurrent(next);
    items[next]?.focus();
  };

  return {
    /** Only one layer type is a Tab stop: the last one focused, at first the first. */
    tabIndexOf: (index: number) => (index === current ? 0 : -1),
    /** A click or a Tab into the palette makes that type the stop. */
    onFocusItem: setCurrent,
    onKeyDown,
  };
}
