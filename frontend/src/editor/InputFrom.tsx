// "Input from" in the inspector: wire the selected layer by keyboard. A layer that joins
// branches (Add, Concat) lists its inputs, each with Disconnect, and takes another from a menu;
// any other layer picks its one input from a menu.
import { useMemo } from "react";
import type { LayerSpec } from "../api/types";
import { inputChoices } from "./inputChoices";
import { idOf, wiringOf, type StackItem } from "./layerGraph";
import type { DesignEditor } from "./useDesign";

interface Props {
  editor: DesignEditor;
  item: StackItem;
  spec: LayerSpec | undefined;
}

export function InputFrom({ editor, item, spec }: Props) {
  const { key, layer } = item;
  const joins = spec?.joins === true;
  // Worked out again only when the wiring changes: each check walks the graph (200 layers: ~30 ms).
  const wiring = wiringOf(editor.graph);
  const graph = useMemo(() => editor.graph, [wiring]); // the graph as its wiring last changed
  const { current, options } = useMemo(() => inputChoices(graph, key, joins), [graph, key, joins]);
  const name = (k: number) => idOf(editor.graph, k);

  if (!joins) {
    const now = current[0];
    return (
      <label className="input-from" data-testid={`input-from-${layer.id}`}>
        <span>Input from</span>
        <select
          aria-label={`Input of ${layer.id}`}
          value={now ?? ""}
          onChange={(e) => editor.rewire(now === undefined ? [] : [[now, key]], Number(e.target.value), key)}
        >
          {now === undefined && <option value="">not connected</option>}
          {now !== undefined && <option value={now}>{name(now)}</option>}
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.id}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <div className="input-from" data-testid={`input-from-${layer.id}`}>
      <span>Inputs from</span>
      <ul>
        {current.map((source) => (
          <li key={source}>
            <code>{name(source)}</code>
            <button type="button" className="icon" onClick={() => editor.remove(new Set(), [[source, key]])} aria-label={`Disconnect ${name(source)} from ${layer.id}`}>
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      {options.length > 0 && (
        <select aria-label={`Add an input to ${layer.id}`} value="" onChange={(e) => editor.connect(Number(e.target.value), key)}>
          <option value="">Add an input…</option>
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.id}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
