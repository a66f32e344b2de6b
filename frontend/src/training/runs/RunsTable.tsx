// Every run of this browser with its settings, status, times and final metrics; tick runs to compare.
import type { RunInfo } from "../../api/types";
import { RunRow } from "./RunRow";
import { DURATION_TITLE } from "./runList";
import type { RunSort, SortKey } from "./runSort";
import { SortHeading } from "./SortHeading";

interface Props {
  runs: RunInfo[];
  now: number;
  selected: string[];
  onToggle: (id: string) => void;
  colourOf: (id: string) => string | undefined;
  onSaved: (run: RunInfo) => void;
  sort: RunSort;
  onSort: (column: SortKey) => void;
  /** Classes of each dataset by name (useCatalogFacts): a run at chance is marked. */
  classCounts: ReadonlyMap<string, number>;
  /** The start of a dataset's id where two of the owner's datasets share its title, else "". */
  datasetTag: (name: string) => string;
  /** What the filters asked for when they keep no run (noneMatch), and the way back to all. */
  noneMatch: string;
  onShowAll: () => void;
}

// A column that sorts names its key; the others are plain text.
const HEADINGS: (SortKey | { text: string })[] = [
  { text: "Compare" },
  "name",
  "dataset",
  { text: "Loss · optimizer" },
  "lr",
  "epochs",
  "status",
  "started",
  "duration",
  "val_accuracy",
  "val_loss",
  { text: "" },
];

export function RunsTable({ runs, now, selected, onToggle, colourOf, onSaved, sort, onSort, classCounts, datasetTag, noneMatch, onShowAll }: Props) {
  return (
    <div className="runs-table-scroll">
      <table className={runs.length === 0 ? "runs-table is-empty" : "runs-table"} data-testid="runs-table">
        <thead>
          <tr>
            {HEADINGS.map((heading, i) =>
              typeof heading === "string" ? (
                <SortHeading key={i} column={heading} sort={sort} onSort={onSort} title={heading === "duration" ? DURATION_TITLE : undefined} />
              ) : (
                <th key={i} className={heading.text ? undefined : "runs-actions"}>
                  {heading.text || <span className="visually-hidden">Actions</span>}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && (
            <tr className="runs-none">
              <td colSpan={HEADINGS.length} data-testid="runs-none-match">
                {noneMatch}{" "}
                <button type="button" onClick={onShowAll} data-testid="runs-none-show-all">
                  Show all runs
                </button>
              </td>
            </tr>
          )}
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
              classes={classCounts.get(run.training.dataset) ?? 0}
              datasetTag={datasetTag(run.training.dataset)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
