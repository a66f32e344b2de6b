// The learning-rate schedule and its options, gradient clipping and early stopping, folded away until wanted.
import type { Catalog, NumberBounds, ParamValue } from "../api/types";
import { ParamField } from "../editor/ParamField";
import { asParamValue } from "../editor/paramText";
import { NumberField } from "./NumberField";
import type { FieldProblems } from "./useFieldProblems";
import type { SettingsEditor } from "./useTrainingSettings";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
  /** Where each field says what is wrong with it; Train waits for them all. */
  problems: FieldProblems;
}

/** Only for a server whose catalogue left a setting's bounds out: any number, and the server decides. */
const OPTIONAL: NumberBounds = { integer: false, min_exclusive: false, max_exclusive: false };

export function ScheduleSettings({ catalog, editor, problems }: Props) {
  const { settings, update } = editor;
  const bounds = catalog.setting_bounds;
  const scheduler = catalog.schedulers.find((s) => s.name === settings.scheduler);
  const params: Record<string, unknown> = settings.scheduler_params ?? {};
  const setParam = (name: string, value: ParamValue | undefined) => {
    const next = { ...params };
    if (value === undefined) delete next[name];
    else next[name] = value;
    update({ scheduler_params: next });
  };
  return (
    <details className="options" open={settings.scheduler ? true : undefined}>
      <summary>Schedule, clipping, early stopping</summary>
      <label className="field" title={scheduler?.help}>
        <span>Learning-rate schedule</span>
        <select
          aria-label="Learning-rate schedule"
          data-testid="scheduler-select"
          value={settings.scheduler ?? ""}
          onChange={(e) => update({ scheduler: e.target.value || null, scheduler_params: {} })}
        >
          <option value="">constant</option>
          {catalog.schedulers.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} (per {s.steps})
            </option>
          ))}
        </select>
      </label>
      {scheduler && <p className="hint">{scheduler.help}</p>}
      {scheduler && scheduler.params.length > 0 && (
        <div className="params">
          {scheduler.params.map((spec) => (
            <ParamField
              key={spec.name}
              layerId="scheduler"
              spec={spec}
              value={asParamValue(params[spec.name])}
              onChange={(v) => setParam(spec.name, v)}
              onProblem={problems.reporter(`${scheduler.name} ${spec.name}`)}
            />
          ))}
        </div>
      )}
      <div className="field-row">
        <NumberField
          label="Clip gradient norm"
          help="Scale each step's gradients down to this total norm; empty: no clipping"
          testId="clip-input"
          optional
          bounds={bounds.clip_grad_norm ?? OPTIONAL}
          value={settings.clip_grad_norm ?? null}
          onChange={(clip_grad_norm) => update({ clip_grad_norm })}
          onProblem={problems.reporter("Clip gradient norm")}
        />
        <NumberField
          label="Early-stopping patience"
          help="Stop after this many epochs without a lower validation loss; empty: never"
          testId="patience-input"
          optional
          bounds={bounds.early_stopping_patience ?? { ...OPTIONAL, integer: true }}
          value={settings.early_stopping_patience ?? null}
          onChange={(early_stopping_patience) => update({ early_stopping_patience })}
          onProblem={problems.reporter("Early-stopping patience")}
        />
      </div>
      <label className="field" title="Off: the run ends with its last epoch's weights">
        <span>
          <input
            type="checkbox"
            data-testid="restore-best-input"
            disabled={settings.early_stopping_patience == null}
            checked={settings.restore_best_weights ?? true}
            onChange={(e) => update({ restore_best_weights: e.target.checked })}
          />{" "}
          Keep the best epoch's weights
        </span>
      </label>
      <p className="hint" data-testid="restore-best-hint">
        {settings.early_stopping_patience == null
          ? "With a patience set, a run can end with the weights of its epoch of lowest validation loss."
          : settings.restore_best_weights === false
            ? "The run ends with its last epoch's weights, even when an earlier epoch had a lower validation loss."
            : "Stopped early or not, the run ends with the weights of its epoch of lowest validation loss; Continue goes on from the last epoch trained."}
      </p>
      {scheduler?.spans_run && settings.early_stopping_patience != null && (
        <p className="hint" data-testid="schedule-stops-early">
          {scheduler.name} plans its rate over all {settings.epochs} epochs: a run stopped early ends part way along it, its rate
          not yet brought down{scheduler.name === "OneCycleLR" ? ", or not yet at its peak" : ""}. Leave the patience empty, or use StepLR or
          ReduceLROnPlateau.
        </p>
      )}
    </details>
  );
}
