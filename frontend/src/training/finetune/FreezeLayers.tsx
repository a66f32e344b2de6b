// "Freeze": a checkbox for each layer with parameters; a frozen layer keeps its weights while the
// others train (training/freeze.py on the server), as Keras' layer.trainable = False.
import { useEffect } from "react";
import type { Design, ValidateResponse } from "../../api/types";
import { formatCount } from "../../editor/format";
import { frozenFreshWarning } from "./frozenFresh";

interface Props {
  design: Design;
  result: ValidateResponse | null;
  frozen: string[];
  /** Why a frozen layer would keep its random start (frozenFresh.ts), or null. */
  warning: string | null;
  onChange: (frozen: string[]) => void;
}

/** Said under the boxes and beside Train (which waits) when every box is ticked. */
export const ALL_FROZEN = "Every layer is frozen, so nothing would train: leave at least one unticked.";

/** The layers with parameters, each a box; none until the design is valid. */
function freezable(design: Design, result: ValidateResponse | null) {
  const nodes = result?.valid ? result.nodes : null;
  return nodes ? design.layers.filter((layer) => (nodes[layer.id]?.params ?? 0) > 0) : [];
}

/** Whether every layer with parameters is frozen: the server would refuse the run. */
export function allFrozen(design: Design, result: ValidateResponse | null, frozen: string[]): boolean {
  const layers = freezable(design, result);
  return layers.length > 0 && layers.every((layer) => frozen.includes(layer.id));
}

/** Why Train waits for the frozen boxes, or null: every layer frozen (nothing would train), or
 * layers frozen on fresh weights (no Start from), which would keep their random start. */
export function frozenBlocker(design: Design, result: ValidateResponse | null, frozen: string[], initFrom: string | null | undefined): string | null {
  if (allFrozen(design, result, frozen)) return ALL_FROZEN;
  const layers = freezable(design, result);
  const kept = result?.valid ? frozen.filter((id) => layers.some((layer) => layer.id === id)) : frozen;
  return initFrom ? null : frozenFreshWarning(kept, initFrom, null);
}

export function FreezeLayers({ design, result, frozen, warning, onChange }: Props) {
  const nodes = result?.valid ? result.nodes : null;
  const layers = freezable(design, result);
  // A frozen layer deleted from the design, or left without parameters, is no longer frozen.
  const kept = frozen.filter((id) => layers.some((layer) => layer.id === id));
  const stale = nodes !== null && kept.length !== frozen.length;
  useEffect(() => {
    if (stale) onChange(kept);
  });
  if (layers.length === 0) return null;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(on ? [...kept, id] : kept.filter((other) => other !== id));
    onChange(layers.map((layer) => layer.id).filter((layerId) => next.has(layerId)));
  };
  const everything = kept.length === layers.length;
  return (
    <fieldset className="freeze-layers" data-testid="freeze-layers">
      <legend>Freeze (keep their weights while the others train)</legend>
      {layers.map((layer) => (
        <label key={layer.id} title={`${layer.type}, ${formatCount(nodes?.[layer.id]?.params ?? 0)} parameters`}>
          <input type="checkbox" data-testid={`freeze-${layer.id}`} checked={kept.includes(layer.id)} onChange={(e) => toggle(layer.id, e.target.checked)} />
          <code>{layer.id}</code>
        </label>
      ))}
      {warning && !everything && (
        <p className="freeze-warning" role="status" data-testid="freeze-fresh">
          {warning}
        </p>
      )}
      {everything && (
        <p className="error" role="alert" data-testid="freeze-everything">
          {ALL_FROZEN}
        </p>
      )}
    </fieldset>
  );
}
