// One layer's rows in the Parameters panel: its tensors and their total. It redraws only when they
// change: with the tensors of an unchanged layer kept as the same objects across answers
// (steadyResult), one keystroke in a 200-layer design redraws the rows it changed, not all of them.
import { memo } from "react";
import type { ParameterInfo } from "../api/types";
import { formatCount, formatShape } from "./format";

interface Props {
  id: string;
  tensors: ParameterInfo[];
  /** The layer will not train (the training settings' Freeze). */
  frozen: boolean;
}

/** The same layer, freeze and tensor objects: the array itself is grouped afresh on each answer. */
function sameProps(a: Props, b: Props): boolean {
  return a.id === b.id && a.frozen === b.frozen && a.tensors.length === b.tensors.length && a.tensors.every((t, i) => t === b.tensors[i]);
}

export const LayerParameters = memo(Rows, sameProps);

function Rows({ id, tensors, frozen }: Props) {
  return (
    <tbody data-testid={`parameters-${id}`}>
      {tensors.map((p) => (
        <tr key={p.name} data-testid={`parameter-${p.name}`}>
          <td className="mono">{p.name}</td>
          <td className="shape">{formatShape(p.shape)}</td>
          <td className="num">{formatCount(p.count)}</td>
        </tr>
      ))}
      <tr className="layer-total">
        <td colSpan={2}>
          {id}
          {frozen && <span className="frozen-tag"> (frozen)</span>}
        </td>
        <td className="num">{formatCount(tensors.reduce((sum, p) => sum + p.count, 0))}</td>
      </tr>
    </tbody>
  );
}
