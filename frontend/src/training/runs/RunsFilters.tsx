// Filters above the runs table: by status (or every active one) and by dataset.
import { ACTIVE, ALL, type RunFilter } from "./runList";

const STATUSES: [string, string][] = [
  [ALL, "Any status"],
  [ACTIVE, "Active (queued, running, paused)"],
  ["running", "Running"],
  ["queued", "Queued"],
  ["paused", "Paused"],
  ["succeeded", "Succeeded"],
  ["failed", "Failed"],
  ["cancelled", "Stopped or cancelled"],
];

interface Props {
  filter: RunFilter;
  datasets: { name: string; title: string }[];
  shown: number;
  total: number;
  onChange: (filter: RunFilter) => void;
}

export function RunsFilters({ filter, datasets, shown, total, onChange }: Props) {
  return (
    <div className="runs-filters" role="search">
      <label>
        Status
        <select data-testid="filter-status" value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value })}>
          {STATUSES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dataset
        <select data-testid="filter-dataset" value={filter.dataset} onChange={(e) => onChange({ ...filter, dataset: e.target.value })}>
          <option value={ALL}>Any dataset</option>
          {datasets.map(({ name, title }) => (
            <option key={name} value={name}>
              {title}
            </option>
          ))}
        </select>
      </label>
      <span className="muted" data-testid="runs-shown" aria-live="polite">
        {shown === total ? `${total} run${total === 1 ? "" : "s"}` : `${shown} of ${total} runs`}
      </span>
      {shown !== total && (
        <button type="button" onClick={() => onChange({ status: ALL, dataset: ALL })}>
          Show all
        </button>
      )}
    </div>
  );
}
