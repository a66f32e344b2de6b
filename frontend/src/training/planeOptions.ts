// A 2-D set's options (noise, training share, features): what a dataset's samples are with them.
import type { DatasetSpec, TrainingSettings } from "../api/types";

export type DatasetOptions = NonNullable<TrainingSettings["dataset_options"]>;
export type Feature = NonNullable<DatasetOptions["features"]>[number];

/** The features a 2-D set's network gets with these options: the chosen ones, else its defaults. */
export function chosenFeatures(dataset: DatasetSpec | undefined, options: DatasetOptions | null | undefined): Feature[] {
  return options?.features ?? dataset?.plane?.features ?? [];
}

/** The dataset as a run with these options trains on it: a 2-D set's samples are its features. */
export function withOptions(dataset: DatasetSpec | undefined, options: DatasetOptions | null | undefined): DatasetSpec | undefined {
  if (!dataset?.plane || !options) return dataset;
  const share = options.train_share ?? dataset.plane.train_share;
  const total = dataset.train_size + dataset.val_size;
  const val = Math.min(total - 1, Math.max(1, Math.ceil((total * (100 - share)) / 100)));
  return { ...dataset, sample_shape: [chosenFeatures(dataset, options).length], train_size: total - val, val_size: val };
}

/** The preview's query for these options, as the server reads them (DatasetOptions). */
export function optionsQuery(options: DatasetOptions | null | undefined): DatasetOptions | undefined {
  if (!options) return undefined;
  const query: DatasetOptions = {};
  if (options.noise != null) query.noise = options.noise;
  if (options.train_share != null) query.train_share = options.train_share;
  if (options.features != null) query.features = options.features;
  return query;
}
