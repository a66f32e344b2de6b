// What the dataset picker shows for each dataset: its title, and where two share one (the same
// file uploaded twice), the start of each one's id to tell them apart, as the runs page does;
// and a CSV's target column where theirs differ (one file uploaded once for each of two targets
// read alike but for their ids: a new user's walkthrough).
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

type Labelled = Pick<DatasetSpec, "name" | "title"> & Partial<Pick<DatasetSpec, "standardisation">>;

/** "shapes.zip", or "shapes.zip · 3f9a0c" where another dataset has the title "shapes.zip" too;
 * "wine.csv (target: quality) · 3f9a0c" where those of its title have other targets. */
export function datasetLabels(datasets: Labelled[]): Map<string, string> {
  const ids = sharedTitleIds(datasets);
  const targets = new Map<string, Set<string>>();
  for (const { title, standardisation } of datasets) targets.set(title, (targets.get(title) ?? new Set()).add(standardisation?.target ?? ""));
  return new Map(
    datasets.map(({ name, title, standardisation }) => {
      const id = ids.get(name);
      if (!id) return [name, title];
      const target = standardisation?.target;
      return [name, target && targets.get(title)!.size > 1 ? `${title} (target: ${target}) · ${id}` : `${title} · ${id}`];
    }),
  );
}
