// Every learnable tensor, as list(net.named_parameters()) shows it: per layer and in total.
import type { DesignError, Layer, NodeReport, ParameterInfo } from "../api/types";
import { formatCount } from "./format";
import { LayerParameters } from "./LayerParameters";

interface Props {
  layers: Layer[];
  parameters: ParameterInfo[];
  total: number;
  /** What validation learnt per layer: a layer missing here, or in error, has no known count. */
  nodes: Record<string, NodeReport>;
  errors: DesignError[];
  /** The layers that will not train (the training settings' Freeze). */
  frozen?: string[];
  /** The design has changed since `nodes` was checked (a busy server may take a while). */
  pending?: boolean;
}

export function ParametersPanel({ layers, parameters, total, nodes, errors, frozen = [], pending = false }: Props) {
  const frozenCount = parameters.filter((p) => frozen.includes(p.layer)).reduce((sum, p) => sum + p.count, 0);
  const tensorsOf = new Map<string, ParameterInfo[]>();
  for (const p of parameters) tensorsOf.set(p.layer, [...(tensorsOf.get(p.layer) ?? []), p]);
  const byLayer = [...new Set(layers.map((layer) => layer.id))].map((id) => ({ id, tensors: tensorsOf.get(id) ?? [] }));
  const inError = new Set(errors.map((e) => e.node));
  const known = (id: string) => nodes[id] !== undefined && !inError.has(id);
  const none = byLayer.filter((g) => g.tensors.length === 0 && known(g.id) && nodes[g.id]!.params === 0).map((g) => g.id);
  const unknown = byLayer.filter((g) => g.tensors.length === 0 && !known(g.id)).map((g) => g.id);
  return (
    <section className="panel facts" aria-label="Parameters" data-testid="parameters-panel">
      <h2>Parameters</h2>
      {parameters.length === 0 ? (
        <p className="muted">No learnable tensors yet{layers.length ? " (or the design has an error)" : ""}.</p>
      ) : (
        <table className="parameters">
          <thead>
            <tr>
              <th>tensor</th>
              <th>size</th>
              <th>count</th>
            </tr>
          </thead>
          {byLayer
            .filter((g) => g.tensors.length)
            .map((g) => (
              <LayerParameters key={g.id} id={g.id} tensors={g.tensors} frozen={frozen.includes(g.id)} />
            ))}
          <tfoot>
            <tr>
              <td colSpan={2}>
                Total, {parameters.length} {parameters.length === 1 ? "tensor" : "tensors"}
              </td>
              <td className="num" data-testid="parameters-total">
                {formatCount(total)}
              </td>
            </tr>
            {frozenCount > 0 && (
              <tr data-testid="parameters-trainable">
                <td colSpan={2}>Trainable, with {formatCount(frozenCount)} frozen</td>
                <td className="num">{formatCount(total - frozenCount)}</td>
              </tr>
            )}
          </tfoot>
        </table>
      )}
      {unknown.length > 0 && (
        <p className="muted no-params" data-testid="parameters-unknown">
          {/* The layers after one in error are among them, with no error of their own. */}
          {pending ? "Not counted until the server has checked the design" : "Not counted until the design's errors are fixed"}: {unknown.join(", ")}
        </p>
      )}
      {none.length > 0 && (
        <p className="muted no-params" data-testid="parameters-none">
          No parameters: {none.join(", ")}
        </p>
      )}
    </section>
  );
}
