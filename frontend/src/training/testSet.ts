// The held-out test set's size as the server counts it (backend training/held_out.py), for the
// editor's hints: how many samples it keeps apart, and how many are left to train on.
import type { DatasetSpec } from "../api/types";

/** How many of `train` samples a test_fraction holds out: rounded up, at least one, never all. */
export function heldOut(train: number, fraction: number): number {
  return fraction > 0 && train >= 2 ? Math.min(train - 1, Math.max(1, Math.ceil(train * fraction))) : 0;
}

/** The dataset as a run with this test set trains on it: its training part less the test rows. */
export function withoutTestSet(dataset: DatasetSpec | undefined, fraction: number): DatasetSpec | undefined {
  if (!dataset || fraction <= 0) return dataset;
  return { ...dataset, train_size: dataset.train_size - heldOut(dataset.train_size, fraction) };
}
