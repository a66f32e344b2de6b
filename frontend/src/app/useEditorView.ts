// The editor's view, List or Canvas, kept in this browser beside the saved work: a reload opens the
// one the person left (it always opened on List).
import { useCallback, useState } from "react";
import type { EditorView } from "../editor/LayerStack";

const KEY = "torchcanvas.editor.view.v1";

function stored(): EditorView {
  try {
    return window.localStorage.getItem(KEY) === "canvas" ? "canvas" : "list";
  } catch {
    return "list"; // storage switched off
  }
}

export function useEditorView(): [EditorView, (view: EditorView) => void] {
  const [view, setView] = useState<EditorView>(stored);
  const choose = useCallback((next: EditorView) => {
    setView(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Storage full or switched off: the view still changes, it just will not survive a reload.
    }
  }, []);
  return [view, choose];
}
