// What a run was trained with, on its page: a line of the settings that shape a curve most, and
// every setting under it, so a learner reading a curve sees what made it.
import type { RunInfo } from "../api/types";
import { rangeText, runSettings } from "./runs/settingsDiff";
import { currentRate, rateChanges } from "./continueRate";
import "./runSettings.css";

/** "CrossEntropyLoss · Adam · lr 0.001 · batch 64 · 10 epochs · CosineAnnealingLR". */
export function settingsLine(run: RunInfo): string {
  const t = run.training;
  if (t.range_test) return [t.loss, t.optimizer, `lr ${rangeText(run)}`, `batch ${t.batch_size}`].join(" · ");
  const lr = currentRate(run) === t.lr ? `lr ${t.lr}` : `lr ${t.lr} → ${currentRate(run)}`;
  return [t.loss, t.optimizer, lr, `batch ${t.batch_size}`, `${t.epochs} epoch${t.epochs === 1 ? "" : "s"}`, ...(t.scheduler ? [t.scheduler] : [])].join(" · ");
}

/** Where the run stands, as its settings' heading says it: it trained (or trains now), it waits
 * in the queue to start, or it ended before it started. */
export type SettingsTense = "trained" | "queued" | "neverStarted";

/** The words before the settings line: a queued run has trained nothing yet (a review: its page
 * said "Trained with" before its first step). */
export function settingsHeading(tense: SettingsTense): string {
  return tense === "queued" ? "Trains with" : tense === "neverStarted" ? "Was to train with" : "Trained with";
}

/** `plane`: whether the run's dataset is a 2-D set, whose options (noise, training share, features) it lists. */
export function RunSettings({ run, plane, tense = "trained" }: { run: RunInfo; plane: boolean; tense?: SettingsTense }) {
  const changes = rateChanges(run);
  return (
    <>
      <details className="run-settings" data-testid="run-settings">
      <summary>
        {settingsHeading(tense)} <span data-testid="run-settings-line">{settingsLine(run)}</span>
      </summary>
      <dl>
        {runSettings(run, plane).map(({ setting, value }) => (
          <div key={setting}>
            <dt>{setting}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
      {changes.length > 0 && (
        <ul className="run-lr-changes muted" data-testid="run-lr-changes">
          {changes.map((change) => (
            <li key={change}>{change}.</li>
          ))}
        </ul>
      )}
    </>
  );
}
