// Ctrl+C copies the layers selected on the canvas (or open in the list) with the wires among them,
// Ctrl+X cuts them, and Ctrl+V pastes layers so copied, in this design or another, after the layer
// selected (or opened) last, else after the output. Text selected on the page, and a field being
// typed in, keep the browser's own copy and paste. Returns what it did, for a status line.
import { useEffect, useRef, useState } from "react";
import { clipboardText, copyLayers, readCopied } from "./layerClipboard";
import type { DesignEditor } from "./useDesign";
import { isTyping } from "./useEditorShortcuts";

const SAID_FOR_MS = 10_000;

function selectsText(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== "";
}

const listed = (ids: string[]) => (ids.length <= 4 ? ids.join(", ") : `${ids.length} layers`);

export function useLayerClipboard(
  editor: DesignEditor,
  acting: Set<number>,
  anchor: number | null,
  onPasted: (keys: Set<number>) => void,
): string {
  const [said, setSaid] = useState("");
  // The layers before a paste, and the id it went after, until the pasted ones show.
  const pasting = useRef<{ before: Set<number>; after: string | null } | null>(null);
  const { items } = editor;

  useEffect(() => {
    const copy = (event: ClipboardEvent, cut: boolean) => {
      if (isTyping(document.activeElement) || selectsText() || !event.clipboardData) return;
      const copied = copyLayers(editor.graph, acting);
      if (!copied) return;
      event.clipboardData.setData("text/plain", clipboardText(copied));
      event.preventDefault();
      const ids = copied.layers.map((l) => l.id);
      if (cut) editor.remove(new Set(acting));
      setSaid(`${cut ? "Cut" : "Copied"} ${listed(ids)}: Ctrl+V pastes ${ids.length === 1 ? "it" : "them"} after the layer selected, in this design or another.`);
    };
    const onCopy = (event: ClipboardEvent) => copy(event, false);
    const onCut = (event: ClipboardEvent) => copy(event, true);
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(document.activeElement)) return;
      const copied = readCopied(event.clipboardData?.getData("text/plain") ?? "");
      if (!copied) return;
      event.preventDefault();
      if ("problem" in copied) return setSaid(copied.problem);
      const after = anchor === null ? null : (editor.items.find((it) => it.key === anchor)?.layer.id ?? null);
      pasting.current = { before: new Set(editor.items.map((it) => it.key)), after };
      editor.paste(copied, anchor);
    };
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [editor, acting, anchor]);

  useEffect(() => {
    const expected = pasting.current;
    const added = expected ? items.filter((it) => !expected.before.has(it.key)) : [];
    if (!expected || !added.length) return;
    pasting.current = null;
    onPasted(new Set(added.map((it) => it.key)));
    const where = expected.after ? ` after ${expected.after}` : "";
    setSaid(`Pasted ${listed(added.map((it) => it.layer.id))}${where}.`);
  }, [items, onPasted]);

  useEffect(() => {
    if (!said) return;
    const timer = window.setTimeout(() => setSaid(""), SAID_FOR_MS);
    return () => window.clearTimeout(timer);
  }, [said]);
  return said;
}
