// A focus shortcut, Alt and a letter, from anywhere on the page, even while typing in a field: the
// way back from a layer's card, where an add by keyboard leaves the focus (useFocusAdded.ts).
import { useEffect } from "react";

/** `shortcut`: "Alt+" and a letter, as titles show it, read by its physical key since on a Mac Alt+A
 * types "å". `action` best stays the same across renders (a module's function). */
export function useAltKey(shortcut: `Alt+${string}`, action: () => void): void {
  useEffect(() => {
    const code = `Key${shortcut.slice("Alt+".length).toUpperCase()}`;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.code !== code) return;
      event.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcut, action]);
}
