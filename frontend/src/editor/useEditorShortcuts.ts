// Keyboard shortcuts of the editor: Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, Ctrl+D duplicate
// (copy, cut and paste: useLayerClipboard).
import { useEffect } from "react";
import type { DesignEditor } from "./useDesign";

/** Typing in a field keeps the browser's own undo. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function useEditorShortcuts(editor: DesignEditor, selected: Set<number>): void {
  const { undo, redo, duplicate } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) undo();
      else if ((key === "z" && event.shiftKey) || key === "y") redo();
      else if (key === "d" && selected.size > 0) duplicate(selected);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, duplicate, selected]);
}
