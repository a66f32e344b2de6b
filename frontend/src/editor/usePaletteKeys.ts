// The palette as one stop for Tab (a roving tabindex): the arrow keys, Home and End move among its
// layer types, typed letters jump to the next type that starts with them, and Alt+A from anywhere in the
// editor comes back to it. Before, the palette was thirty Tab stops, and after a layer added by
// keyboard took the focus, the way back to the palette was 31 to 40 presses of Shift+Tab.
import { useRef, useState, type KeyboardEvent } from "react";
import { useAltKey } from "./useAltKey";

/** The shortcut back to the palette, as its titles show it. */
export const PALETTE_SHORTCUT = "Alt+A" as const;

/** Moves the focus to the palette's layer type that holds its Tab stop. */
export function focusPalette(): void {
  document.querySelector<HTMLElement>('.palette-item[tabindex="0"]')?.focus();
}

/** Where an arrow, Home or End moves the focus among `count` items from `at`; null for another key. */
function nextIndex(key: string, at: number, count: number): number | null {
  if (key === "ArrowDown" || key === "ArrowRight") return (at + 1) % count;
  if (key === "ArrowUp" || key === "ArrowLeft") return (at - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/** The item that the letters typed so far (`typed`, lower case) lead to from `at`, as a list box's
 * type-ahead: "fl" is Flatten, where each letter alone jumped ("l" from "f" landed on LeakyReLU);
 * one letter again and again ("ll") steps through the items that start with it. */
export function typedIndex(typed: string, at: number, names: string[]): number | null {
  const same = [...typed].every((c) => c === typed[0]);
  const prefix = same ? typed[0]! : typed;
  const from = same ? 1 : 0; // a new prefix may stay on the item it is on
  for (let step = from; step < names.length + from; step++) {
    const index = (at + step) % names.length;
    if (names[index]!.toLowerCase().startsWith(prefix)) return index;
  }
  return null;
}

const TYPED_PAUSE_MS = 700; // letters typed this close together make one word

export function usePaletteKeys() {
  const [current, setCurrent] = useState(0);
  const typed = useRef({ text: "", at: 0 });

  useAltKey(PALETTE_SHORTCUT, focusPalette);

  /** On the palette's box: keys pressed on one of its layer types. */
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const letter = /^[a-z0-9]$/i.test(event.key) && !(event.altKey || event.ctrlKey || event.metaKey);
    if (!letter) typed.current.text = ""; // Enter, an arrow, Alt+A: the next letter starts anew
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>(".palette-item")];
    const at = items.findIndex((item) => item === document.activeElement);
    if (at < 0) return;
    let next = nextIndex(event.key, at, items.length);
    if (next === null && letter) {
      const recent = event.timeStamp - typed.current.at < TYPED_PAUSE_MS ? typed.current.text : "";
      typed.current = { text: recent + event.key.toLowerCase(), at: event.timeStamp };
      next = typedIndex(typed.current.text, at, items.map((item) => item.dataset.type ?? ""));
    }
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
