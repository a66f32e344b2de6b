// Augmentations of the training images, for image datasets: each one ticked on, with its params.
import type { AugmentationSpec, DatasetSpec, ParamValue } from "../api/types";
import { ParamField } from "../editor/ParamField";
import { asParamValue } from "../editor/paramText";
import { startingParams } from "./augmentations";
import type { FieldProblems } from "./useFieldProblems";
import type { SettingsEditor } from "./useTrainingSettings";

interface Props {
  specs: AugmentationSpec[];
  /** The images augmented: some params start at a share of their side. */
  dataset: DatasetSpec;
  editor: SettingsEditor;
  problems: FieldProblems;
}

export function AugmentationSettings({ specs, dataset, editor, problems }: Props) {
  const { settings, update } = editor;
  const chosen = settings.augmentations ?? {};
  const toggle = (spec: AugmentationSpec, on: boolean) => {
    const [name, next] = [spec.name, { ...chosen }];
    if (on) next[name] = startingParams(spec, dataset);
    else delete next[name];
    update({ augmentations: next });
  };
  const setParam = (name: string, param: string, value: ParamValue | undefined) => {
    const params: Record<string, unknown> = { ...chosen[name] };
    if (value === undefined) delete params[param];
    else params[param] = value;
    update({ augmentations: { ...chosen, [name]: params } });
  };
  const count = Object.keys(chosen).length;
  return (
    <details className="options augmentations" open={count > 0 ? true : undefined} data-testid="augmentations">
      <summary>Augmentation{count > 0 ? ` (${count} on)` : ""}</summary>
      <p className="hint">Random changes to each training batch's images against overfitting; validation images stay as they are.</p>
      {specs.map((spec) => {
        const on = spec.name in chosen;
        return (
          <div key={spec.name} className="augmentation">
            <label className="check" title={spec.help}>
              <input type="checkbox" checked={on} onChange={(e) => toggle(spec, e.target.checked)} data-testid={`augment-${spec.name}`} />
              <span>
                {spec.title} <code>{spec.name}</code>
              </span>
            </label>
            <p className="hint">{spec.help}</p>
            {on && spec.params.length > 0 && (
              <div className="params">
                {spec.params.map((param) => (
                  <ParamField
                    key={param.name}
                    layerId={spec.name}
                    spec={param}
                    value={asParamValue(chosen[spec.name]?.[param.name])}
                    onChange={(value) => setParam(spec.name, param.name, value)}
                    onProblem={problems.reporter(`${spec.name} ${param.name}`)}
                  />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </details>
  );
}
