// A hint under the epochs and batch size when the run they make takes too few optimizer steps to
// learn much (the 2-D sets' 480 points in batches of 64 for 10 epochs: 80 steps, and a spiral
// left at chance), or when a batch is larger than the whole training set.
import type { DatasetSpec } from "../api/types";

/** Fewer optimizer steps than this, and the hint says to train longer. */
export const FEW_STEPS = 100;
/** The steps the hint's suggested epochs reach, at least. */
const ENOUGH_STEPS = 500;

export function stepsHint(dataset: DatasetSpec | undefined, epochs: number, batchSize: number): string | null {
  const samples = dataset?.train_size ?? 0;
  if (!(samples > 0 && epochs >= 1 && batchSize >= 1)) return null;
  const whole = batchSize >= samples;
  const perEpoch = Math.ceil(samples / batchSize);
  const steps = epochs * perEpoch;
  const fullBatch =
    batchSize > samples
      ? `A batch of ${batchSize.toLocaleString("en-US")} is over the ${samples.toLocaleString("en-US")} training samples: each epoch is one step of all of them.`
      : null;
  if (steps >= FEW_STEPS) return join(fullBatch, underSuggested(dataset!, steps, samples));
  const suggested = Math.ceil(ENOUGH_STEPS / perEpoch / 10) * 10;
  const few =
    `This run takes ${steps} optimizer steps (${epochs} epoch${epochs === 1 ? "" : "s"} of ${perEpoch} batch${perEpoch === 1 ? "" : "es"}): ` +
    `too few for most networks to learn much. Raise the epochs to about ${suggested}${whole ? "" : ", or lower the batch size"}.`;
  return join(fullBatch, few);
}

/** Fewer than this share of the steps a set's suggestion makes, and the hint names it. */
const SUGGESTED_SHARE = 0.5;

/** Where a set comes with epochs and a batch size it learns with (a spiral: 50 of 32) and this run
 * takes under half their steps: kept from another set, they left a spiral at 70 %. */
function underSuggested(dataset: DatasetSpec, steps: number, samples: number): string | null {
  const suggested = dataset.suggested;
  if (!suggested) return null;
  const want = suggested.epochs * Math.ceil(samples / suggested.batch_size);
  if (steps >= want * SUGGESTED_SHARE) return null;
  return (
    `This run takes ${steps.toLocaleString("en-US")} optimizer steps, where ${dataset.title} learns with ` +
    `${suggested.epochs} epochs in batches of ${suggested.batch_size} (${want.toLocaleString("en-US")} steps): set those to give it the time it needs.`
  );
}

const join = (...parts: (string | null)[]) => parts.filter((part) => part !== null).join(" ") || null;
