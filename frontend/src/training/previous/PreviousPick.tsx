// Above a run's charts: the earlier run drawn faintly under its curves, a way to hide it, and
// the owner's other runs to pick another from.
import type { PreviousCompare } from "./usePreviousRun";
import { runName } from "../runs/runList";
import "./previous.css";

const accuracy = (value: number | null | undefined) => (value === null || value === undefined ? "" : ` · ${(value * 100).toFixed(1)}%`);

export function PreviousPick({ compare }: { compare: PreviousCompare }) {
  const { choice, choose, runs, problem } = compare;
  if (runs.length === 0 && !choice.id) return null; // nothing to compare with yet
  return (
    <div className="previous-pick" data-testid="previous-pick">
      <label>
        <input type="checkbox" checked={choice.shown && choice.id !== null} disabled={choice.id === null} onChange={(e) => choose({ ...choice, shown: e.target.checked })} data-testid="previous-shown" />
        <span className="previous-swatch" aria-hidden="true" />
        Show a previous run
      </label>
      <select aria-label="Previous run to compare with" value={choice.id ?? ""} onChange={(e) => choose({ id: e.target.value || null, shown: e.target.value !== "" })} data-testid="previous-select">
        {choice.id === null && <option value="">Pick a run…</option>}
        {choice.id !== null && !runs.some((r) => r.id === choice.id) && <option value={choice.id}>run {choice.id.slice(0, 6)}</option>}
        {runs.map((run) => (
          <option key={run.id} value={run.id}>
            {runName(run)} · {run.id.slice(0, 6)}
            {accuracy(run.metrics.val_accuracy)}
          </option>
        ))}
      </select>
      {problem && choice.shown && (
        <span className="muted" data-testid="previous-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
