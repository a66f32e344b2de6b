// The epochs and batch size a dataset starts with: the catalogue's suggestion for a built-in set
// (a spiral needs 50 epochs of 32; the editor's 10 of 64 leave it at chance), else the editor's own.
import type { DatasetSpec } from "../api/types";

export interface Steps {
  epochs: number;
  batch_size: number;
}

export const EDITOR_STEPS: Steps = { epochs: 10, batch_size: 64 };

export function suggestedSteps(dataset: DatasetSpec | undefined): Steps {
  return dataset?.suggested ?? EDITOR_STEPS;
}

/** The epochs and batch size on moving from the set `was` to `next`: the new set's suggestion when
 * the person kept the old set's, else theirs; `changed` when the numbers are not what they were. */
export function stepsOnSwitch(current: Steps, was: DatasetSpec | undefined, next: DatasetSpec | undefined): Steps & { changed: boolean } {
  const old = suggestedSteps(was);
  const kept = current.epochs === old.epochs && current.batch_size === old.batch_size;
  const steps = kept ? suggestedSteps(next) : current;
  const changed = steps.epochs !== current.epochs || steps.batch_size !== current.batch_size;
  return { epochs: steps.epochs, batch_size: steps.batch_size, changed };
}
