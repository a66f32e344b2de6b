// "Insert after" in the inspector: moves the selected layer onto a wire by keyboard, in one step
// (one undo), as dropping it on that wire does. For one-input layers: a join keeps its inputs.
import { useMemo } from "react";
import { wireChoices } from "./inputChoices";
import { wiringOf, type StackItem } from "./layerGraph";
import type { DesignEditor } from "./useDesign";

interface Props {
  editor: DesignEditor;
  item: StackItem;
}

export function InsertAfter({ editor, item }: Props) {
  // Worked out again only when the wiring changes, not at each keystroke in a param.
  const wiring = wiringOf(editor.graph);
  const graph = useMemo(() => editor.graph, [wiring]); // the graph as its wiring last changed
  const choices = useMemo(() => wireChoices(graph, item.key), [graph, item.key]);
  if (!choices.length) return null;
  return (
    <label className="input-from" data-testid={`insert-after-${item.layer.id}`}>
      <span>Insert after</span>
      <select
        aria-label={`Insert ${item.layer.id} after`}
        value=""
        onChange={(e) => {
          const chosen = choices[Number(e.target.value)];
          if (chosen) editor.moveOntoWire(item.key, chosen.wire);
        }}
      >
        <option value="">Move it onto a wire…</option>
        {choices.map(({ wire, from, to }, i) => (
          <option key={`${wire[0]}-${wire[1]}`} value={i}>
            {from} (before {to})
          </option>
        ))}
      </select>
    </label>
  );
}
