// "Try several values": one training setting given several values, one run each, compared after.
import { useEffect, useId } from "react";
import type { Catalog } from "../../api/types";
import type { FieldProblems } from "../useFieldProblems";
import type { SettingsEditor } from "../useTrainingSettings";
import { mostValues, sweepFields, sweepPlan, valueText, type SweepKey } from "./sweepValues";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
  /** Train waits while the values do not fit. */
  problems: FieldProblems;
}

const LABEL = "Try several values";

export function SweepSettings({ catalog, editor, problems }: Props) {
  const { settings, sweep, setSweep } = editor;
  const fields = sweepFields(catalog, settings.optimizer);
  const field = fields.find((f) => f.key === sweep.key);
  const plan = sweepPlan(catalog, settings.optimizer, sweep);
  const problem = plan?.problem ?? null;
  const report = problems.reporter(LABEL);
  useEffect(() => report(problem), [problem, report]);
  useEffect(() => () => report(null), [report]);
  const most = mostValues(catalog.max_active_runs);
  const errorId = useId();
  const choose = (key: string) => setSweep(key ? { on: true, key: key as SweepKey, text: sweep.key === key ? sweep.text : "" } : { ...sweep, on: false });
  return (
    <details className="options sweep" open={sweep.on || undefined} data-testid="sweep">
      <summary>{LABEL}</summary>
      <label className="field">
        <span>Setting to try</span>
        <select aria-label="Setting to try" data-testid="sweep-setting" value={sweep.on ? sweep.key : ""} onChange={(e) => choose(e.target.value)}>
          <option value="">none: train one run</option>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label} ({f.key})
            </option>
          ))}
        </select>
      </label>
      {sweep.on && field && (
        <>
          <label className="field">
            <span>{field.label} values</span>
            <input
              type="text"
              inputMode="decimal"
              placeholder={field.presets[0]}
              value={sweep.text}
              aria-invalid={problem !== null && sweep.text !== ""}
              aria-describedby={errorId}
              data-testid="sweep-values"
              onChange={(e) => setSweep({ ...sweep, text: e.target.value })}
            />
          </label>
          <p className="sweep-presets">
            {field.presets.map((preset) => (
              <button type="button" key={preset} className="link" onClick={() => setSweep({ ...sweep, text: preset })}>
                {preset}
              </button>
            ))}
          </p>
        </>
      )}
      {/* Nothing typed yet: what to type, not yet an error in red (it read as one before a key). */}
      {sweep.on && (
        <p className={problem && sweep.text !== "" ? "field-error" : "hint"} id={errorId} data-testid={problem ? "sweep-error" : "sweep-plan"} aria-live="polite">
          {problem ?? `Train starts ${plan!.values.length} runs, ${sweep.key}=${plan!.values.map(valueText).join(", ")}, all else as set, and opens them compared.`}
        </p>
      )}
      {sweep.on && <p className="hint">At most {most.most} values: {most.why}.</p>}
    </details>
  );
}
