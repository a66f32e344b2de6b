// What the dataset picker shows for each dataset: its title, and where two share one (the same
// file uploaded twice), the start of each one's id to tell them apart, as the runs page does.
import type { DatasetSpec } from "../api/types";

/** The characters of an upload's id after "upload-" that the picker shows. */
const ID_START = 6;

/** The start of each dataset's id whose title another dataset has too ("3f9a0c"); "" for one
 * whose title is its own. */
export function sharedTitleIds(datasets: Pick<DatasetSpec, "name" | "title">[]): Map<string, string> {
  const names = new Map<string, Set<string>>();
  for (const { name, title } of datasets) names.set(title, (names.get(title) ?? new Set()).add(name));
  return new Map(datasets.map(({ name, title }) => [name, (names.get(title)?.size ?? 0) > 1 ? name.replace(/^upload-/, "").slice(0, ID_START) : ""]));
}

/** "shapes.zip", or "shapes.zip · 3f9a0c" where another dataset has the title "shapes.zip" too. */
export function datasetLabels(datasets: Pick<DatasetSpec, "name" | "title">[]): Map<string, string> {
  const ids = sharedTitleIds(datasets);
  return new Map(datasets.map(({ name, title }) => [name, ids.get(name) ? `${title} · ${ids.get(name)}` : title]));
}
