// An earlier run's curves laid faintly under a run's own live ones (TensorBoard's and DIGITS'
// overlays): its points merged into the chart's x values, and the change in accuracy since it.
import type uPlot from "uplot";
import type { ChartSeries } from "../LineChart";
import { smoothedLosses, type RunCurves } from "../runs/overlay";
import type { Unlike } from "../runs/unlikeRuns";

/** The run compared with: its legend label and its curves (as the compare page reads them). */
export interface PreviousRun {
  label: string;
  curves: RunCurves;
  /** Its result as its own page says it (the end's metrics), null while it has none. */
  final: { epoch: number; val_accuracy?: number | null; val_loss?: number | null } | null;
  /** Where it differs from this run in loss or dataset: its loss is then on another scale. */
  unlike: Unlike;
}

/** Faint and dotted, in the colour of the live line it stands beside: dotted [2, 4] is none of the
 * live lines' styles (solid, or the training curves' dashes [6, 4]). */
export function previousSeries(label: string, color: string, scale = "y"): ChartSeries {
  return { label, color, alpha: 0.5, dash: [2, 4], width: 2, scale, points: false };
}

/** At most this many of the earlier run's points are drawn: a long run's are picked evenly. */
export const PREVIOUS_POINTS = 1500;

/** Every `n`th point of `xs` and `ys` (and the last), so that at most `most` are left. */
export function thin(xs: number[], ys: (number | null)[], most = PREVIOUS_POINTS): { xs: number[]; ys: (number | null)[] } {
  if (xs.length <= most) return { xs, ys };
  const every = Math.ceil(xs.length / most);
  const kept = xs.map((_, i) => i).filter((i) => i % every === 0 || i === xs.length - 1);
  return { xs: kept.map((i) => xs[i]!), ys: kept.map((i) => ys[i] ?? null) };
}

/** The chart's data with the earlier run's series after its own, on the union of both runs' x
 * values (both ascending); each series is null where its run has no point (lines span the gaps). */
export function withPrevious(data: uPlot.AlignedData, xs: number[], previous: (number | null)[][]): uPlot.AlignedData {
  if (xs.length === 0 || previous.length === 0) return data;
  const own = data[0];
  const merged: number[] = [];
  const ownOut: (number | null)[][] = data.slice(1).map(() => []);
  const prevOut: (number | null)[][] = previous.map(() => []);
  let [i, j] = [0, 0];
  while (i < own.length || j < xs.length) {
    const a = i < own.length ? own[i]! : Infinity;
    const b = j < xs.length ? xs[j]! : Infinity;
    const x = Math.min(a, b);
    merged.push(x);
    ownOut.forEach((out, s) => out.push(a === x ? ((data[s + 1]![i] as number | null | undefined) ?? null) : null));
    prevOut.forEach((out, s) => out.push(b === x ? (previous[s]![j] ?? null) : null));
    if (a === x) i++;
    if (b === x) j++;
  }
  return [merged, ...ownOut, ...prevOut] as uPlot.AlignedData;
}

/** The earlier run's value of `ys` at `epoch`, or at its last epoch when it ended before it. */
function atEpoch(curves: RunCurves, ys: (number | null)[], epoch: number): { value: number; epoch: number } | null {
  let found: { value: number; epoch: number } | null = null;
  curves.epochs.forEach((e, i) => {
    const value = ys[i];
    if (e <= epoch && value !== null && value !== undefined) found = { value, epoch: e };
  });
  return found;
}

/** "+3.1 points vs previous (93.0% at epoch 5)": a classifier's validation accuracy against the
 * earlier run's at the same epoch while this one trains (its last, if it had fewer), and against
 * its result once this one has ended. A regression's validation loss likewise, in percent. None
 * against a run of another dataset, nor a loss against another loss (MSE 0.017 is not "84% lower"
 * than L1's 0.10). */
export function deltaText(previous: PreviousRun, own: { epoch: number; val_accuracy?: number | null; val_loss?: number | null }, ended: boolean, classification: boolean): string | null {
  const { curves, final, unlike } = previous;
  if (unlike.datasets.length > 0 || (!classification && unlike.losses.length > 0)) return null;
  const at = (ys: (number | null)[], finalValue: number | null | undefined, scale: number) => {
    if (ended && final && finalValue !== null && finalValue !== undefined) return { value: finalValue * scale, epoch: final.epoch };
    return atEpoch(curves, ys, own.epoch);
  };
  if (classification) {
    if (own.val_accuracy === null || own.val_accuracy === undefined) return null;
    const then = at(curves.valAccuracy, final?.val_accuracy, 100);
    if (!then) return null;
    const points = own.val_accuracy * 100 - then.value;
    const sign = points > 0.05 ? "+" : points < -0.05 ? "−" : "±";
    return `${sign}${Math.abs(points).toFixed(1)} points vs previous (${then.value.toFixed(1)}% at epoch ${then.epoch})`;
  }
  if (own.val_loss === null || own.val_loss === undefined) return null;
  const then = at(curves.valLoss, final?.val_loss, 1);
  if (!then || !(then.value > 0)) return null;
  const change = ((own.val_loss - then.value) / then.value) * 100;
  const said = Math.abs(change) < 0.05 ? "the same validation loss as" : `validation loss ${Math.abs(change).toFixed(1)}% ${change < 0 ? "lower" : "higher"} than`;
  return `${said} previous (${then.value.toPrecision(3)} at epoch ${then.epoch})`;
}

/** The earlier run's step losses on the loss chart's x axis (by step or by epoch), smoothed as the
 * chart's own, at most PREVIOUS_POINTS of them. */
export function previousLosses(curves: RunCurves, x: "step" | "epoch", smoothing: number): { xs: number[]; ys: (number | null)[] } {
  return thin(x === "step" ? curves.steps : curves.stepEpochs, smoothedLosses(curves.losses, smoothing));
}
