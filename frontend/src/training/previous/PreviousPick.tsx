// Above a run's charts: the earlier run drawn faintly under its curves, a way to hide it, and
// the owner's other runs to pick another from, those of this run's dataset and loss first; a
// note beside it where the one drawn has another loss or dataset, whose curves read otherwise.
import type { RunInfo } from "../../api/types";
import { trainedWith } from "./trainedWith";
import type { PreviousCompare } from "./usePreviousRun";
import { datasetTitle, runName } from "../runs/runList";
import { UnlikeNote } from "../runs/UnlikeNote";
import "./previous.css";

const accuracy = (value: number | null | undefined) => (value === null || value === undefined ? "" : ` · ${(value * 100).toFixed(1)}%`);

function RunOption({ run, task = false }: { run: RunInfo; task?: boolean }) {
  return (
    <option value={run.id}>
      {runName(run)} · {run.id.slice(0, 6)}
      {" · "}
      {trainedWith(run)}
      {accuracy(run.metrics.val_accuracy)}
      {task && ` · ${datasetTitle(run)} · ${run.training.loss}`}
    </option>
  );
}

export function PreviousPick({ compare }: { compare: PreviousCompare }) {
  const { choice, choose, alike, other, previous, problem, classification } = compare;
  const runs = [...alike, ...other];
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
        {other.length === 0 ? (
          alike.map((run) => <RunOption key={run.id} run={run} />)
        ) : (
          <>
            {alike.length > 0 && (
              <optgroup label="Same dataset and loss" data-testid="previous-alike">
                {alike.map((run) => (
                  <RunOption key={run.id} run={run} />
                ))}
              </optgroup>
            )}
            <optgroup label="Another dataset or loss" data-testid="previous-other">
              {other.map((run) => (
                <RunOption key={run.id} run={run} task />
              ))}
            </optgroup>
          </>
        )}
      </select>
      {problem && choice.shown && (
        <span className="muted" data-testid="previous-problem">
          {problem}
        </span>
      )}
      {previous && <UnlikeNote unlike={previous.unlike} subject="This run and the previous one" classification={classification} testId="previous-unlike" />}
    </div>
  );
}
