// The runs table's order: which column sorts it and which way, kept in the page's address.
import type { RunInfo } from "../../api/types";
import { statusLabel } from "../statusLabel";
import { datasetTitle, durationOf, queryOf, runName, startedWhen, type RunFilter } from "./runList";

export type SortKey = "name" | "dataset" | "lr" | "epochs" | "status" | "started" | "duration" | "val_accuracy" | "val_loss";

export interface RunSort {
  key: SortKey;
  descending: boolean;
}

/** Newest first, as the server lists them (a queued run on top). */
export const DEFAULT_SORT: RunSort = { key: "started", descending: true };

// Live runs first, then how the others ended.
const STATUS_ORDER = ["running", "paused", "queued", "succeeded", "stopped", "failed", "cancelled"];

type Value = number | string | null;

/** Each sortable column: its heading, the value it sorts by (null for a "—"), and its first
 * direction, the one a person wants on a first click (best accuracy, lowest loss, newest, longest). */
interface SortColumn {
  heading: string;
  firstDescending: boolean;
  value: (run: RunInfo, now: number) => Value;
  /** Given: the values only compare between runs of the same task, which this names; the runs sort
   * by it first (A to Z either way), then by the value within each. */
  within?: (run: RunInfo) => string;
}

export const SORT_COLUMNS: Record<SortKey, SortColumn> = {
  name: { heading: "Run", firstDescending: false, value: (run) => runName(run) },
  dataset: { heading: "Dataset", firstDescending: false, value: (run) => datasetTitle(run) },
  lr: { heading: "lr", firstDescending: false, value: (run) => run.training.lr },
  // Epochs trained, then planned: "3/3" before "3/500" going up.
  epochs: { heading: "Epochs", firstDescending: true, value: (run) => run.metrics.epoch * 1e6 + run.training.epochs },
  status: { heading: "Status", firstDescending: false, value: (run) => STATUS_ORDER.indexOf(statusLabel(run.status, run.metrics.step)) },
  // A queued run has not started: it sorts by when it was queued, so newest first keeps it on top.
  started: { heading: "Started", firstDescending: true, value: (run) => startedWhen(run) ?? run.created_at },
  duration: { heading: "Duration", firstDescending: true, value: durationOf },
  val_accuracy: { heading: "Val accuracy", firstDescending: true, value: (run) => run.metrics.val_accuracy ?? null },
  // A loss's scale is its task's: 0.3 of cross-entropy on digits and 0.3 of MSE on a table are no
  // better or worse than each other.
  val_loss: { heading: "Val loss", firstDescending: false, value: (run) => run.metrics.val_loss ?? null, within: lossTask },
};

/** What a run's loss is measured on: its dataset and its loss function. */
export function lossTask(run: RunInfo): string {
  return `${datasetTitle(run)} · ${run.training.loss}`;
}

const isMissing = (v: Value) => v === null || (typeof v === "number" && !Number.isFinite(v));

function compareValues(a: Value, b: Value): number {
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  return (a as number) - (b as number);
}

/** The runs in this order (within each task first, where the column's values are a task's own);
 * a run with no value goes last either way, and ties keep the newest first. */
export function sortRuns(runs: RunInfo[], sort: RunSort, now: number): RunInfo[] {
  const { value, within } = SORT_COLUMNS[sort.key];
  const keyed = runs.map((run) => ({ run, v: value(run, now), task: within?.(run) ?? "" }));
  return keyed
    .sort((x, y) => {
      const task = compareValues(x.task, y.task);
      if (task !== 0) return task;
      const missing = Number(isMissing(x.v)) - Number(isMissing(y.v));
      if (missing !== 0) return missing;
      const order = isMissing(x.v) ? 0 : compareValues(x.v, y.v);
      if (order !== 0) return sort.descending ? -order : order;
      return y.run.created_at - x.run.created_at;
    })
    .map(({ run }) => run);
}

/** What a click on a column's heading makes: the other direction on the sorted one, else its first. */
export function nextSort(current: RunSort, key: SortKey): RunSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: SORT_COLUMNS[key].firstDescending };
}

/** The sort in the page's address (?sort=val_accuracy&order=desc); the default when absent or unknown. */
export function sortFromQuery(search: string): RunSort {
  const query = new URLSearchParams(search);
  const key = query.get("sort");
  if (key === null || !Object.hasOwn(SORT_COLUMNS, key)) return DEFAULT_SORT;
  const order = query.get("order");
  const descending = order === "desc" ? true : order === "asc" ? false : SORT_COLUMNS[key as SortKey].firstDescending;
  return { key: key as SortKey, descending };
}

/** The page's whole query: the filter, then the sort, leaving the default sort out so a plain link stays plain. */
export function pageQuery(filter: RunFilter, sort: RunSort): string {
  const query = new URLSearchParams(queryOf(filter));
  if (sort.key !== DEFAULT_SORT.key || sort.descending !== DEFAULT_SORT.descending) {
    query.set("sort", sort.key);
    query.set("order", sort.descending ? "desc" : "asc");
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
