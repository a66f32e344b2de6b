// Filters above the runs table: a search box, by status (or every active one), by dataset, by group (a sweep) and
// by kind (training runs or learning-rate range tests). The server finds the runs every filter keeps, older ones too.
import { ACTIVE, ALL, kindWords, statusWords, type RunFilter, type RunKind } from "./runList";
import { RunsSearch } from "./RunsSearch";

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
  /** The groups runs were started in; the filter shows only when there is one. */
  groups: string[];
  /** Whether any run listed so far is a range test; the kind filter shows only then. */
  rangeTests: boolean;
  shown: number;
  total: number;
  /** Whether the runs counted are the newest alone (the server has older ones). */
  newest: boolean;
  /** Whether the runs counted answer these filters (else those before them, being asked again). */
  fresh: boolean;
  onChange: (filter: RunFilter) => void;
}

export function RunsFilters({ filter, datasets, groups, rangeTests, shown, total, newest, fresh, onChange }: Props) {
  const { group: _group, ...anyGroup } = filter;
  const { kind: _kind, ...anyKind } = filter;
  const { q: _q, ...anyText } = filter;
  const search = (q: string) => onChange(q ? { ...filter, q } : anyText);
  const counted = filter.q ? `found by “${filter.q}”` : "";
  const which = statusWords(filter.status); // the server lists a status's runs alone
  // As many as the server lists of what was chosen: "2 failed range tests on Two moons".
  const noun = (count: number) => kindWords(filter.kind, count);
  const on = filter.dataset === ALL ? "" : ` on ${datasets.find((d) => d.name === filter.dataset)?.title ?? filter.dataset}`;
  const newestOf = newest ? "the newest " : "";
  return (
    <div className="runs-filters" role="search">
      <RunsSearch q={filter.q ?? ""} onSearch={search} /> 
      <label>
        Status
        <select aria-label="Status" data-testid="filter-status" value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value })}>
          {STATUSES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dataset
        <select aria-label="Dataset" data-testid="filter-dataset" value={filter.dataset} onChange={(e) => onChange({ ...filter, dataset: e.target.value })}>
          <option value={ALL}>Any dataset</option>
          {datasets.map(({ name, title }) => (
            <option key={name} value={name}>
              {title}
            </option>
          ))}
        </select>
      </label>
      {(groups.length > 0 || filter.group !== undefined) && (
        <label>
          Sweep
          <select aria-label="Sweep" data-testid="filter-group" value={filter.group ?? ""} onChange={(e) => onChange(e.target.value ? { ...filter, group: e.target.value } : anyGroup)}>
            <option value="">Any</option>
            {[...new Set([...groups, ...(filter.group === undefined ? [] : [filter.group])])].map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
          </select>
        </label>
      )}
      {(rangeTests || filter.kind !== undefined) && (
        <label>
          Kind
          <select aria-label="Kind" data-testid="filter-kind" value={filter.kind ?? ""} onChange={(e) => onChange(e.target.value ? { ...filter, kind: e.target.value as RunKind } : anyKind)}>
            <option value="">Any kind</option>
            <option value="training">Training runs</option>
            <option value="range-test">Range tests (lr finder)</option>
          </select>
        </label>
      )}
      <span className="muted" data-testid="runs-shown" aria-live="polite">
        {!fresh ? "Finding runs…" : shown === total ? `${newestOf}${total} ${which}${noun(total)}${on}` : `${shown} of ${newestOf}${total} ${which}${noun(total)}${on}`}
        {fresh && counted && ` ${counted}`}
      </span>
      {(shown !== total || filter.q || which || filter.group !== undefined || filter.dataset !== ALL || filter.kind !== undefined) && (
        <button type="button" onClick={() => onChange({ status: ALL, dataset: ALL })}>
          Show all
        </button>
      )}
    </div>
  );
}
