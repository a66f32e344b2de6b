// The learning-rate schedule and its options, gradient clipping and early stopping, folded away until wanted.
import type { Catalog, ParamValue } from "../api/types";
import { ParamField } from "../editor/ParamField";
import { asParamValue } from "../editor/paramText";
import type { SettingsEditor } from "./useTrainingSettings";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
}

/** An optional positive number: empty means off (null). */
function OptionalNumber(props: { label: string; help: string; testId: string; value: number | null | undefined; integer?: boolean; onChange: (v: number | null) => void }) {
  const { label, help, testId, value, integer = false, onChange } = props;
  return (
    <label className="field" title={help}>
      <span>{label}</span>
      <input
        type="number"
        step={integer ? 1 : "any"}
        min={integer ? 1 : 0}
        placeholder="off"
        value={value ?? ""}
        data-testid={testId}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value.trim() === "") onChange(null);
          else if (Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v))) onChange(v);
        }}
      />
    </label>
  );
}

export function ScheduleSettings({ catalog, editor }: Props) {
  const { settings, update } = editor;
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
            <ParamField key={spec.name} layerId="scheduler" spec={spec} value={asParamValue(params[spec.name])} hasError={false} onChange={(v) => setParam(spec.name, v)} />
          ))}
        </div>
      )}
      <div className="field-row">
        <OptionalNumber
          label="Clip gradient norm"
          help="Scale each step's gradients down to this total norm; empty: no clipping"
          testId="clip-input"
          value={settings.clip_grad_norm}
          onChange={(clip_grad_norm) => update({ clip_grad_norm })}
        />
        <OptionalNumber
          label="Early-stopping patience"
          help="Stop after this many epochs without a lower validation loss; empty: never"
          testId="patience-input"
          integer
          value={settings.early_stopping_patience}
          onChange={(early_stopping_patience) => update({ early_stopping_patience })}
        />
      </div>
    </details>
  );
}
