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

// TensorFlow Playground's names; the server's catalogue (dataset_options.features) says the same.
export const FEATURE_LABELS: Record<Feature, string> = {
  x1: "x₁",
  x2: "x₂",
  x1_squared: "x₁²",
  x2_squared: "x₂²",
  x1_x2: "x₁·x₂",
  sin_x1: "sin(x₁)",
  sin_x2: "sin(x₂)",
};

/** A run's chosen options in words, "noise 40 %, 50 % to train, features x₁², x₂²"; null for none. */
export function optionsText(options: DatasetOptions | null | undefined): string | null {
  if (!options) return null;
  const parts = [
    options.noise != null ? `noise ${options.noise} %` : null,
    options.train_share != null ? `${options.train_share} % to train` : null,
    options.features ? `features ${options.features.map((f) => FEATURE_LABELS[f]).join(", ")}` : null,
  ].filter((p) => p !== null);
  return parts.length ? parts.join(", ") : null;
}
