// Curves of several runs on one x axis: each run's values placed at the union of their x values.
import type uPlot from "uplot";
import type { RunEvent } from "../../api/types";
import { SeriesView } from "../decimate";
import { frameLosses } from "../stepLosses";

export interface RunCurves {
  epochs: number[];
  valLoss: (number | null)[];
  valAccuracy: (number | null)[];
  steps: number[];
  /** Each step's epoch, fractional: runs of different batch sizes line up by epoch, not by step. */
  stepEpochs: number[];
  losses: (number | null)[];
}

export function curvesOf(events: RunEvent[]): RunCurves {
  const curves: RunCurves = { epochs: [], valLoss: [], valAccuracy: [], steps: [], stepEpochs: [], losses: [] };
  let stepsPerEpoch = 0;
  for (const event of events) {
    if (event.type === "started") stepsPerEpoch = event.steps_per_epoch;
    else if (event.type === "epoch") {
      curves.epochs.push(event.epoch);
      curves.valLoss.push(event.val_loss);
      curves.valAccuracy.push(event.val_accuracy == null ? null : event.val_accuracy * 100);
    } else if (event.type === "progress") {
      // Every step's loss, as the run's own page draws it.
      const { steps, losses } = frameLosses(event);
      curves.steps.push(...steps);
      curves.stepEpochs.push(...steps.map((step) => (stepsPerEpoch > 0 ? step / stepsPerEpoch : event.epoch)));
      curves.losses.push(...losses);
    }
  }
  return curves;
}

/** Whether a run's curves belong on the accuracy chart: it has an accuracy, or no epoch yet to
 * say (a regression run's epochs have none: its line read "no value yet" beside a classifier's). */
export function hasAccuracy(curves: RunCurves): boolean {
  return curves.epochs.length === 0 || curves.valAccuracy.some((v) => v != null);
}

/** A run's step losses smoothed with `weight` as its own page's loss chart smooths them (the EMA of
 * the means of decimate.ts's buckets, a bucket a step up to 4096 steps), one value per step. */
export function smoothedLosses(losses: (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return losses;
  const view = new SeriesView();
  view.indices(losses, [losses], losses.length); // folds them into its buckets
  return view.smoothed(0, losses.map((_, i) => i), weight);
}

/** uPlot data with one series per run, each null where that run has no value at an x. */
export function align(runs: { xs: number[]; ys: (number | null)[] }[]): uPlot.AlignedData {
  const xs = [...new Set(runs.flatMap((r) => r.xs))].sort((a, b) => a - b);
  const series = runs.map((run) => {
    const at = new Map(run.xs.map((x, i) => [x, run.ys[i] ?? null]));
    return xs.map((x) => at.get(x) ?? null);
  });
  return [xs, ...series];
}

// Finite positive values this many times apart: one run's spike (a loss of 150 beside others'
// 0.1) pressed every other curve onto 0, as converging curves pressed each other.
const DECADES_APART = 1000;

/** Whether runs' values read better on a log axis: all above 0, and spanning three decades. */
export function spansDecades(values: (number | null)[][]): boolean {
  let [low, high] = [Infinity, 0];
  for (const run of values)
    for (const v of run) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v <= 0) return false; // a log axis cannot draw it
      [low, high] = [Math.min(low, v), Math.max(high, v)];
    }
  return high > 0 && high >= DECADES_APART * low;
}
