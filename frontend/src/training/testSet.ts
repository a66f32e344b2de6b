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

/** The smallest share, in thousandths, that holds out a sample of each of `classes` (1 if none
 * does), as the server names it: any share over (classes - 1) / train does, as it rounds up. */
function leastFraction(train: number, classes: number): number {
  let thousandths = Math.floor((1000 * (classes - 1)) / train);
  while (thousandths <= 1000 && heldOut(train, thousandths / 1000) < classes) thousandths += 1;
  return Math.min(thousandths, 1000) / 1000;
}

/** Why a run would be refused this test set (the server's held_out_issues, word for word), or
 * null: a classification's test set needs a sample of each class, with one of each left to train on. */
export function testSetProblem(dataset: DatasetSpec | undefined, fraction: number, maxFraction = 0.5): string | null {
  if (!dataset || fraction <= 0) return null;
  const n = dataset.train_size;
  const classes = dataset.task === "classification" ? (dataset.classes?.length ?? 0) : 1;
  const held = n >= 2 ? heldOut(n, fraction) : 0;
  const least = n ? leastFraction(n, classes) : 1;
  const enough = least <= maxFraction && n - heldOut(n, least) >= classes;
  if (n < 2 || n - held < classes || (held < classes && !enough))
    return `\`${dataset.title}\` has ${n.toLocaleString("en-US")} training sample${n !== 1 ? "s" : ""}: too few to keep a test set apart from them and still train on every class. Set test_fraction to 0, or use a bigger dataset.`;
  if (held < classes)
    return `test_fraction ${fraction} holds out ${held.toLocaleString("en-US")} of the ${n.toLocaleString("en-US")} training samples of \`${dataset.title}\`, fewer than its ${classes} classes: set it to at least ${least}, so that every class can be tested, or to 0 for no test set.`;
  return null;
}
