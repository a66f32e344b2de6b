// How a step chart is drawn: its x axis (step, epoch or time), smoothing and scale. Pure functions
// over the tally, so that what the controls change is tested without a browser.
import type { RunTally } from "./events";

export type XAxis = "step" | "epoch" | "time";

export interface ChartView {
  x: XAxis;
  /** The EMA weight, 0 (raw) to 0.99, as TensorBoard's smoothing slider. */
  smoothing: number;
  log: boolean;
}

export const DEFAULT_VIEW: ChartView = { x: "step", smoothing: 0.6, log: false };

export const X_LABELS: Record<XAxis, string> = { step: "step", epoch: "epoch", time: "seconds" };

/** The x value of each progress frame: its step, its epoch (fractional), or seconds since the start. */
export function xValues(tally: RunTally, x: XAxis): number[] {
  if (x === "time") return tally.elapsed;
  if (x === "epoch")
    return tally.steps.map((step, i) => {
      const perEpoch = tally.stepsPerEpoch[i] ?? 0;
      return perEpoch > 0 ? step / perEpoch : (tally.progress?.epoch ?? 0);
    });
  return tally.steps;
}

/**
 * An exponential moving average with TensorBoard's debiasing, so the first points are not pulled
 * towards zero; gaps (null) stay gaps and do not move the average.
 */
export function ema(values: (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return values;
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    last = last * weight + (1 - weight) * value;
    count += 1;
    return last / (1 - weight ** count);
  });
}

/** The learning rate when it never changed (one value, shown as text), or null when it did. */
export function constantLr(lrs: (number | null)[]): number | null {
  const seen = lrs.filter((lr): lr is number => lr !== null);
  if (seen.length === 0) return null;
  const first = seen[0]!;
  return seen.every((lr) => Math.abs(lr - first) <= Math.abs(first) * 1e-9) ? first : null;
}
