// What a model is: its layers with their shapes and parameters, its dataset and training settings.
import type { ModelView } from "../api/types";
import { flowOrder } from "../editor/flowOrder";
import { formatShape } from "../editor/format";
import { rateText } from "../training/continueRate";
import { optionsText } from "../training/planeOptions";
import { epochsText } from "./epochsText";

export function ModelFacts({ view }: { view: ModelView }) {
  const t = view.training;
  const { layers, edges } = view.design;
  // As the data flows: a wired design's list order is the order its layers were added in.
  const byId = new Map(layers.map((layer) => [layer.id, layer]));
  const ordered = edges ? flowOrder([...byId.keys()], edges).map((id) => byId.get(id)!) : layers;
  const data = optionsText(t.dataset_options);
  const frozen = t.frozen ?? [];
  const settings: [string, string][] = [
    ["Dataset", view.dataset?.title ?? t.dataset],
    ...(data ? [["Data", data] as [string, string]] : []),
    ["Loss", t.loss],
    ["Optimizer", `${t.optimizer}, lr ${rateText(view)}`], // "0.01, then 0.001 from epoch 12"
    ["Epochs", epochsText(t.epochs, view.metrics.epoch, view.status, view.metrics.step)], // "43 of 60 (stopped)"
    ["Batch size", String(t.batch_size)],
    ["Seed", String(t.seed)],
    ...(t.init_from ? [["Started from", `the weights of run ${t.init_from}`] as [string, string]] : []),
    ...(frozen.length ? [["Frozen", frozen.join(", ")] as [string, string]] : []),
  ];
  return (
    <div className="model-facts">
      <table className="layer-table" data-testid="layer-table">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Output shape</th>
            <th>Parameters</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((layer) => {
            const node = view.validation.nodes[layer.id];
            return (
              <tr key={layer.id}>
                <td>
                  {layer.type} <code>{layer.id}</code>
                </td>
                <td>{node ? formatShape(node.output_shape) : "—"}</td>
                <td className="num">{node ? node.params.toLocaleString("en") : "—"}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>Total</td>
            <td className="num" data-testid="model-params">
              {view.validation.total_params.toLocaleString("en")}
            </td>
          </tr>
        </tfoot>
      </table>
      <dl className="settings-list" data-testid="training-settings">
        {settings.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
