// What a chart shows, in a sentence a screen reader reads in place of its canvas: each line from its
// first point to its last, and its lowest or highest where that is the point (a loss, an accuracy);
// and the gradient heatmap's layers with the largest and smallest norm at its last step.
import type uPlot from "uplot";
import { formatCount } from "../editor/format";
import type { RunTally } from "./events";
import { formatTick } from "./formatTick";

/** What a line's summary says besides its ends: its lowest (a loss), its highest (an accuracy), or
 * nothing more; "none" leaves the line out (a reference line, drawn flat). */
export type SummaryExtreme = "lowest" | "highest" | "ends" | "none";

export interface SummarisedSeries {
  label: string;
  summary?: SummaryExtreme;
}

/** "at step 920", or "at 12.5 s" on a time axis. */
function at(xLabel: string, x: number): string {
  return xLabel === "seconds" ? `at ${formatTick(x)} s` : `at ${xLabel} ${formatTick(x)}`;
}

/** One line's sentence, from the drawn points (x, y) where y is a finite number: one pass over
 * them, keeping indices, as a reopened run's chart holds 120,000 points a line (a pass that made a
 * pair of each was a 58 ms task as the page opened). */
function lineSummary(xLabel: string, series: SummarisedSeries, xs: uPlot.AlignedData[number], ys: uPlot.AlignedData[number]): string {
  const extreme = series.summary ?? "ends";
  let [first, last, best, count] = [-1, -1, -1, 0];
  for (let i = 0; i < xs.length; i++) {
    const [x, y] = [xs[i], ys[i]];
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(y)) continue;
    if (first < 0) first = i;
    last = i;
    count++;
    const kept = best < 0 ? undefined : (ys[best] as number);
    if (kept === undefined || (extreme === "lowest" ? y < kept : extreme === "highest" && y > kept)) best = i;
  }
  if (count === 0) return `${series.label}: no value yet`;
  const point = (i: number) => `${formatTick(ys[i] as number)} ${at(xLabel, xs[i] as number)}`;
  if (count === 1) return `${series.label} ${point(last)}`;
  let text = `${series.label} from ${point(first)} to ${point(last)}`;
  if (extreme === "lowest" || extreme === "highest") text += best === last ? `, its ${extreme}` : `, ${extreme} ${point(best)}`;
  return text;
}

/** The chart's lines, a clause each; `data` is what it draws (its x first), aligned with `series`. */
export function chartSummary(xLabel: string, series: SummarisedSeries[], data: uPlot.AlignedData): string {
  const lines = series.flatMap((s, i) => (s.summary === "none" ? [] : [lineSummary(xLabel, s, data[0], data[i + 1] ?? [])]));
  if (lines.length === 0) return "";
  return `${lines.join("; ")}.`; // as the legend spells them: a layer's id keeps its case
}

/** The heatmap's last step: which layer's gradient norm is the largest, which the smallest. */
export function heatmapSummary(tally: RunTally): string {
  const last = tally.steps.length - 1;
  if (last < 0) return "";
  const step = tally.steps[last]!;
  const norms = tally.gradLayers.flatMap((layer, i) => {
    const norm = tally.gradNorms[i]?.[last];
    if (typeof norm === "number" && Number.isFinite(norm)) return [{ layer, norm }];
    return tally.gradZeros[i]?.[last] === true ? [{ layer, norm: 0 }] : [];
  });
  if (norms.length === 0) return `No layer has a gradient norm at step ${formatCount(step)}.`;
  const largest = norms.reduce((a, b) => (b.norm > a.norm ? b : a));
  const smallest = norms.reduce((a, b) => (b.norm < a.norm ? b : a));
  const over = `Gradient norms of ${tally.gradLayers.length} ${tally.gradLayers.length === 1 ? "layer" : "layers"} from step ${formatCount(tally.steps[0]!)} to step ${formatCount(step)}`;
  if (norms.length === 1) return `${over}; at step ${formatCount(step)}, ${largest.layer}'s is ${formatTick(largest.norm)}.`;
  return `${over}; at step ${formatCount(step)}, the largest is ${largest.layer}'s (${formatTick(largest.norm)}), the smallest ${smallest.layer}'s (${formatTick(smallest.norm)}).`;
}
