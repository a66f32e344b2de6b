// What the dataset picker shows for each dataset: its title, and where two share one (the same
// file uploaded twice), the start of each one's id to tell them apart, as the runs page does.
import type { DatasetSpec } from "../api/types";

/** The characters of an upload's id after "upload-" that the picker shows. */
const ID_START = 6;

/** "shapes.zip", or "shapes.zip · 3f9a0c" where another dataset has the title "shapes.zip" too. */
export function datasetLabels(datasets: Pick<DatasetSpec, "name" | "title">[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const { title } of datasets) counts.set(title, (counts.get(title) ?? 0) + 1);
  return new Map(
    datasets.map(({ name, title }) => [name, counts.get(title) === 1 ? title : `${title} · ${name.replace(/^upload-/, "").slice(0, ID_START)}`]),
  );
}
