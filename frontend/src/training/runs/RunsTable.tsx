// Every run of this browser with its settings, status, times and final metrics; tick runs to compare.
import type { RunInfo } from "../../api/types";
import { RunRow } from "./RunRow";
import { DURATION_TITLE } from "./runList";

interface Props {
  runs: RunInfo[];
  now: number;
  selected: string[];
  onToggle: (id: string) => void;
  colourOf: (id: string) => string | undefined;
  onSaved: (run: RunInfo) => void;
}

const HEADINGS = ["Compare", "Run", "Dataset", "Loss · optimizer", "lr", "Epochs", "Status", "Started", "Duration", "Val accuracy", "Val loss", ""];

export function RunsTable({ runs, now, selected, onToggle, colourOf, onSaved }: Props) {
  return (
    <div className="runs-table-scroll">
      <table className="runs-table" data-testid="runs-table">
        <thead>
          <tr>
            {HEADINGS.map((heading, i) => (
              <th key={i} title={heading === "Duration" ? DURATION_TITLE : undefined}>
                {heading || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              now={now}
              selected={selected.includes(run.id)}
              colour={colourOf(run.id)}
              columns={HEADINGS.length}
              onToggle={() => onToggle(run.id)}
              onSaved={onSaved}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
