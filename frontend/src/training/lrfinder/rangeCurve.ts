// A range test's curve as the chart draws it: the suggested rate placed among the steps' rates.
import type { LrRangeEvent } from "../../api/types";

/** 0.003 -> "3.0e-3", 0.48 -> "0.48": the rate as the suggestion and its button say it. */
export function formatRate(lr: number): string {
  if (lr >= 0.01) return String(Number(lr.toPrecision(2)));
  const [mantissa, exponent] = lr.toExponential(1).split("e");
  return `${mantissa}e${Number(exponent)}`;
}

/** The smoothed loss at `lr`, read off the curve between the two steps around it (log-linear). */
export function lossAt(lrs: number[], losses: number[], lr: number): number | null {
  if (lrs.length === 0) return null;
  const after = lrs.findIndex((x) => x >= lr);
  if (after <= 0) return losses[after === 0 ? 0 : losses.length - 1]!;
  const [x0, x1] = [Math.log(lrs[after - 1]!), Math.log(lrs[after]!)];
  const t = (Math.log(lr) - x0) / (x1 - x0);
  return losses[after - 1]! + t * (losses[after]! - losses[after - 1]!);
}

/**
 * [rates, the smoothed loss, the suggestion]: the suggestion is one point on the smoothed curve at
 * its own rate, which falls between two steps' rates. Each step's own loss is left out, as fastai's
 * plot leaves it: its noise hides the trend that the suggestion is read from.
 */
type Line = (number | null)[];

export function chartData(curve: LrRangeEvent): [number[], Line, Line] {
  const { lrs, smoothed, suggested_lr: suggested } = curve;
  const xs = [...lrs];
  const smooth: Line = [...smoothed];
  const mark: Line = lrs.map(() => null);
  if (suggested != null && lrs.length > 0) {
    const at = Math.max(0, xs.findIndex((x) => x >= suggested));
    const y = lossAt(lrs, smoothed, suggested);
    if (xs[at] === suggested) mark[at] = y;
    else {
      xs.splice(at, 0, suggested);
      smooth.splice(at, 0, null);
      mark.splice(at, 0, y);
    }
  }
  return [xs, smooth, mark];
}

/**
 * The loss axis: from the smoothed curve's minimum up to its starting loss (or twice the minimum,
 * if higher), with a little room. The suggestion is read from that part; the blow-up past it
 * (a loss of 30 after 0.7) would otherwise press the whole of it flat onto the bottom.
 */
export function lossRange(curve: LrRangeEvent): [number, number] {
  const values = curve.smoothed.filter(Number.isFinite);
  if (values.length === 0) return [0, 1];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const top = Math.min(high, Math.max(values[0]!, 2 * low));
  const pad = (top - low) * 0.08 || Math.abs(top) * 0.1 || 1;
  return [Math.max(0, low - pad), top + pad];
}

/** The highest smoothed loss when it climbs past the top of the loss axis, else null. */
export function lossOffChart(curve: LrRangeEvent): number | null {
  const values = curve.smoothed.filter(Number.isFinite);
  const highest = Math.max(...values);
  return values.length > 0 && highest > lossRange(curve)[1] ? highest : null;
}
