// Above the design: templates, undo and redo, duplicate and delete the selection, and the link.
import type { ReactNode } from "react";
import type { DesignEditor } from "./useDesign";

interface Props {
  editor: DesignEditor;
  /** The layers Duplicate and Delete act on: those selected on the canvas, or open in the list. */
  selected: Set<number>;
  /** Which of the two `selected` is, for the buttons' titles. */
  selection: "selected" | "open";
  onClearSelection: () => void;
  children?: ReactNode;
}

export function EditorToolbar({ editor, selected, selection, onClearSelection, children }: Props) {
  const layers = new Set([...selected].filter((key) => editor.items.some((it) => it.key === key)));
  const names = editor.items.filter((it) => layers.has(it.key)).map((it) => it.layer.id);
  // Several may be open in the list, some scrolled away: the buttons name them (a layer opened only to
  // edit it, and forgotten, is deleted too), or count them where the names would not fit.
  const what = buttonNames(names, selection);
  const which = names.length ? `: ${names.join(", ")}` : "";
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Edit the design">
      {children}
      <span className="toolbar-group">
        <button data-testid="undo" title="Undo (Ctrl+Z)" disabled={!editor.canUndo} onClick={editor.undo}>
          <span aria-hidden="true">↶</span> Undo
        </button>
        <button data-testid="redo" title="Redo (Ctrl+Shift+Z)" disabled={!editor.canRedo} onClick={editor.redo}>
          <span aria-hidden="true">↷</span> Redo
        </button>
      </span>
      <span className="toolbar-group">
        <button data-testid="duplicate-selected" title={`Duplicate the ${selection} layers (Ctrl+D; Ctrl+C copies them, Ctrl+V pastes)${which}`} disabled={!layers.size} onClick={() => editor.duplicate(layers)}>
          Duplicate{what}
        </button>
        <button
          data-testid="delete-selected"
          className="danger"
          title={(selection === "open" ? "Delete the open layers" : "Delete the selected layers (Delete)") + which}
          disabled={!layers.size}
          onClick={() => {
            editor.remove(layers);
            onClearSelection();
          }}
        >
          Delete{what}
        </button>
      </span>
    </div>
  );
}

/** Longest names a button says ("conv2, act2, conv3"); longer, it counts them. */
const NAMES_SHOWN = 20;

/** What Duplicate and Delete say after their verb: the layers they act on, by name while short. */
export function buttonNames(names: string[], selection: "selected" | "open"): string {
  if (!names.length) return "";
  const joined = names.join(", ");
  if (joined.length <= NAMES_SHOWN) return ` ${joined}`;
  if (names.length === 1) return ` ${joined.slice(0, NAMES_SHOWN - 1)}…`;
  return ` ${names.length} ${selection} layers`;
}
