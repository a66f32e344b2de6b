// A layer's type as a menu of the types that can take its place (layerSwap.ts). The arrow keys
// walk a closed menu one type a press: all the swaps made while it keeps the focus are one Undo
// step, each built from the layer as the menu found it, so a type passed through loses nothing.
import { useRef } from "react";
import type { Layer, LayerSpec } from "../api/types";
import type { DesignActions } from "./useDesign";
import "./layerTypeMenu.css";

let runs = 0; // each focus of a menu starts a run of swaps of its own

interface Props {
  layer: Layer;
  layerKey: number;
  spec: LayerSpec | undefined;
  swaps: LayerSpec[];
  editor: DesignActions;
}

export function LayerTypeMenu({ layer, layerKey, spec, swaps, editor }: Props) {
  const run = useRef<{ id: string; before: Layer } | null>(null);
  return (
    <select
      className="layer-type layer-type-select"
      aria-label={`Type of ${layer.id}`}
      title={`${spec?.help ?? layer.type} Pick another of its kind to take its place: its wires and the settings both take stay.`}
      data-testid={`layer-type-${layer.id}`}
      value={layer.type}
      onFocus={() => (run.current = { id: String(++runs), before: layer })}
      onBlur={() => (run.current = null)}
      onChange={(e) => {
        const next = swaps.find((s) => s.type === e.target.value);
        if (next) editor.swapType(layerKey, next, run.current?.id ?? null, run.current?.before);
      }}
    >
      {swaps.map((s) => (
        <option key={s.type} value={s.type}>
          {s.type}
        </option>
      ))}
    </select>
  );
}
