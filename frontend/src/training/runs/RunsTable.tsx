// Every run of this browser with its settings and final metrics; tick runs to compare them.
import { modelPagePath, runPagePath } from "../../api/pages";
import type { RunInfo as RunRow } from "../../api/types";

interface Props {
  runs: RunRow[];
  selected: string[];
  onToggle: (id: string) => void;
  colourOf: (id: string) => string | undefined;
}

const percent = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`);
const number = (v: number | null | undefined) => (v == null ? "—" : v.toFixed(4));

export function RunsTable({ runs, selected, onToggle, colourOf }: Props) {
  return (
    <table className="runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th>Compare</th>
          <th>Run</th>
          <th>Design</th>
          <th>Dataset</th>
          <th>Loss · optimizer</th>
          <th>lr</th>
          <th>Epochs</th>
          <th>Batch</th>
          <th>Status</th>
          <th>Val accuracy</th>
          <th>Val loss</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid={`run-row-${run.id}`}>
            <td>
              <input
                type="checkbox"
                aria-label={`Compare run ${run.id}`}
                checked={selected.includes(run.id)}
                onChange={() => onToggle(run.id)}
              />
              {colourOf(run.id) && <span className="swatch" style={{ background: colourOf(run.id) }} />}
            </td>
            <td>
              <a href={runPagePath(run.id)} data-testid={`run-link-${run.id}`}>
                <code>{run.id}</code>
              </a>{" "}
              <a className="muted" href={modelPagePath(run.id)}>
                model
              </a>
            </td>
            <td>{run.design.name}</td>
            <td>{run.training.dataset}</td>
            <td>
              {run.training.loss} · {run.training.optimizer}
            </td>
            <td>{run.training.lr}</td>
            <td>{run.metrics.epoch}/{run.training.epochs}</td>
            <td>{run.training.batch_size}</td>
            <td className={`run-state run-state-${run.status}`}>{run.status}</td>
            <td>{percent(run.metrics.val_accuracy)}</td>
            <td>{number(run.metrics.val_loss)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
