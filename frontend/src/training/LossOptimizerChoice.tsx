// The loss and the optimizer, side by side (losses that do not fit the dataset's task are
// disabled), and the notes on a loss changed to fit a new dataset and on the learning rate a new
// optimizer brought or kept.
import type { Catalog, DatasetSpec } from "../api/types";
import type { SettingsEditor } from "./useTrainingSettings";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
  dataset: DatasetSpec | undefined;
}

export function LossOptimizerChoice({ catalog, editor, dataset }: Props) {
  const { settings, setOptimizer, setLoss } = editor;
  const optimizer = catalog.optimizers.find((o) => o.name === settings.optimizer);
  const loss = catalog.losses.find((l) => l.name === settings.loss);
  return (
    <>
      <div className="field-row loss-row">
        <label className="field" title={loss?.help}>
          <span>Loss</span>
          <select aria-label="Loss" data-testid="loss-select" value={settings.loss} onChange={(e) => setLoss(e.target.value)}>
            {catalog.losses.map((l) => (
              <option key={l.name} value={l.name} disabled={dataset ? !l.tasks.includes(dataset.task) : false}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" title={optimizer?.help}>
          <span>Optimizer</span>
          <select aria-label="Optimizer" data-testid="optimizer-select" value={settings.optimizer} onChange={(e) => setOptimizer(e.target.value)}>
            {catalog.optimizers.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {editor.lossNote && (
        <p className="hint loss-note" role="status" data-testid="loss-note">
          {editor.lossNote}
        </p>
      )}
      {editor.lrNote && (
        <p className="hint loss-note" role="status" data-testid="lr-note">
          {editor.lrNote}
        </p>
      )}
    </>
  );
}
