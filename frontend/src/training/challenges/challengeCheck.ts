// Whether a design, and a run of it, meets a challenge: what is missing, in the words the page
// says ("validation accuracy 92.1%, 95% needed", "3 hidden layers, at most 2 allowed"). Imports no React.
import type { Design, RunStatus } from "../../api/types";
import type { Challenge } from "./challenges";

/** The layers with weights: each one but the last (the output) is a hidden layer. */
const WEIGHTED = new Set(["Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "LSTM", "GRU"]);

export function hiddenLayers(design: Design): number {
  return Math.max(0, design.layers.filter((layer) => WEIGHTED.has(layer.type)).length - 1);
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
/** 0.921 → "92.1%"; a threshold 0.95 → "95%". */
export const percent = (fraction: number) => `${Number((fraction * 100).toFixed(1))}%`;

/** What the design itself misses: its hidden layers and parameters (null: not counted yet). */
export function designMisses(challenge: Challenge, design: Design, totalParams: number | null): string[] {
  const misses: string[] = [];
  const hidden = hiddenLayers(design);
  if (challenge.maxHiddenLayers !== undefined && hidden > challenge.maxHiddenLayers)
    misses.push(`${plural(hidden, "hidden layer", "hidden layers")}, ${challenge.maxHiddenLayers === 0 ? "none" : `at most ${challenge.maxHiddenLayers}`} allowed`);
  if (challenge.maxParams !== undefined && totalParams !== null && totalParams > challenge.maxParams)
    misses.push(`${plural(totalParams, "parameter", "parameters")}, at most ${challenge.maxParams.toLocaleString("en")} allowed`);
  return misses;
}

/** A run on another dataset than the challenge's, said; null when it is the challenge's. */
export const datasetMiss = (challenge: Challenge, dataset: string, said = "trained on"): string | null =>
  dataset === challenge.dataset ? null : `${said} ${dataset}, the challenge is on ${challenge.dataset}`;

/** A 2-D set's noise and training share as set, in per cent: null where the set's own is kept. */
export interface PlaneSet {
  noise?: number | null;
  train_share?: number | null;
}

/** The set's own noise and training share (its catalogue entry's `plane`). */
export interface PlaneOwn {
  noise: number;
  train_share: number;
}

/** A noise or training share changed from the set's own, said: a challenge's threshold was
 * measured with the set's own (less noise, or more points to train on, makes it easier). Nothing
 * while the set's own is not known: checkAttempt then judges no run met. */
export function planeMisses(set: PlaneSet | null | undefined, own: PlaneOwn | null | undefined): string[] {
  if (!set || !own) return [];
  const misses: string[] = [];
  if (set.noise != null && set.noise !== own.noise) misses.push(`noise ${set.noise}%, the challenge keeps the set's ${own.noise}%`);
  if (set.train_share != null && set.train_share !== own.train_share)
    misses.push(`training share ${set.train_share}%, the challenge keeps the set's ${own.train_share}%`);
  return misses;
}

export interface Attempt {
  status: RunStatus;
  /** The dataset the run trained on. */
  dataset: string;
  valAccuracy: number | null;
  design: Design;
  /** The design's parameter count from the server's check, null until it answers. */
  totalParams: number | null;
  /** The run's noise and training share, and the set's own (null: not a 2-D set, or not known yet). */
  plane?: { set: PlaneSet | null; own: PlaneOwn | null };
}

export interface Verdict {
  /** The run has ended: `met` and `missing` are final. */
  ended: boolean;
  met: boolean;
  missing: string[];
}

const ENDED: RunStatus[] = ["succeeded", "failed", "cancelled"];

export function checkAttempt(challenge: Challenge, attempt: Attempt): Verdict {
  const ended = ENDED.includes(attempt.status);
  const missing: string[] = [];
  const otherData = datasetMiss(challenge, attempt.dataset);
  if (otherData) missing.push(otherData);
  missing.push(...planeMisses(attempt.plane?.set, attempt.plane?.own));
  missing.push(...designMisses(challenge, attempt.design, attempt.totalParams));
  // A stopped run keeps its weights: it is judged on where it stopped.
  if (attempt.status === "failed") missing.push("the run failed before its last epoch");
  else if (ended) {
    const reached = attempt.valAccuracy;
    if (reached === null) missing.push("the run has no validation accuracy");
    else if (reached < challenge.minAccuracy) missing.push(`validation accuracy ${percent(reached)}, ${percent(challenge.minAccuracy)} needed`); // "92.1% of the 95% asked" read as a share of 95% (an audit)
  }
  // A parameter budget is judged only once the count is known, a noise or share set only once
  // the set's own is.
  const counted = challenge.maxParams === undefined || attempt.totalParams !== null;
  const set = attempt.plane?.set;
  const weighed = (set?.noise == null && set?.train_share == null) || Boolean(attempt.plane?.own);
  return { ended, met: ended && counted && weighed && missing.length === 0, missing };
}
