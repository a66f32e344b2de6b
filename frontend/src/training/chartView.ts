// How a step chart is drawn: its x axis (step, epoch or time), smoothing and scale. Pure functions
// over the tally, so that what the controls change is tested without a browser.
import { Column } from "./column";
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

/** The x value of each step: its number, its epoch (fractional), or seconds since the start. */
export function stepX(tally: RunTally, x: XAxis): Column {
  const { steps, epochs, elapsed } = tally.stepLosses;
  return x === "time" ? elapsed : x === "epoch" ? epochs : steps;
}

const SMALLEST_NORMAL = 2 ** -1022; // doubles below it are subnormal

/** The average with one more value folded in. Below the smallest normal double it is 0: a loss of
 * exactly 0 (a spiral learnt) otherwise leaves it stuck at 4.94e-324, as `5e-324 × 0.6` rounds
 * back to 5e-324, and the legend said "smoothed: 4.94e-324" beside "train loss: 0". */
function fold(last: number, weight: number, value: number): number {
  const next = last * weight + (1 - weight) * value;
  return Math.abs(next) < SMALLEST_NORMAL ? 0 : next;
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
    last = fold(last, weight, value);
    count += 1;
    return last / (1 - weight ** count);
  });
}

/** The learning rate when it never changed (one value, shown as text), or null when it did. */
/** What the learning rate's note says of a rate that did not move: that no schedule was chosen,
 * or which schedule left it as it was (StepLR of step 5 on a run of 3 epochs). */
export function constantLrText(lrText: string, schedule: string | null): string {
  return schedule ? `${lrText}, constant: ${schedule} did not change it in these epochs` : `${lrText}, constant (no schedule)`;
}

export function constantLr(lrs: (number | null)[]): number | null {
  const seen = lrs.filter((lr): lr is number => lr !== null);
  if (seen.length === 0) return null;
  const first = seen[0]!;
  return seen.every((lr) => Math.abs(lr - first) <= Math.abs(first) * 1e-9) ? first : null;
}
