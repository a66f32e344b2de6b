// uPlot's options for a LineChart: scales, series and axes, in the theme's colours.
import uPlot from "uplot";
import { resolveColor } from "./chartTheme";
import { formatTick, logAxisLabels } from "./formatTick";
import { logTicks } from "./logTicks";
import type { ChartAxis, ChartSeries, ZeroAt } from "./LineChart";

function latest(values: uPlot.AlignedData[number] | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) {
    const value = values![i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

// Under this many drawn points a line also shows its points: a line of one point draws nothing, and
// a short run's gradient norms (one a progress frame) may have only one or a few.
export const FEW_POINTS = 40;

function fewPoints(u: uPlot): boolean {
  return u.data[0].length < FEW_POINTS;
}

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2500, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];

/**
 * Marks on the figure what was drawn: how many points (`data-drawn`), when the points it holds
 * (`data-points`) were last drawn anew (`data-drawn-at`, ms on the page's clock; a resize does not
 * count), and when it first drew any (`data-first-drawn-at`). The benchmarks read them.
 */
function drawnHook(u: uPlot): void {
  const figure = u.root.closest("figure");
  if (!figure) return;
  const drawn = u.data[0].length;
  const at = performance.now().toFixed(1);
  const held = figure.dataset.points ?? String(drawn);
  figure.dataset.drawn = String(drawn);
  if (figure.dataset.drawnPoints !== held) [figure.dataset.drawnPoints, figure.dataset.drawnAt] = [held, at];
  if (drawn > 0 && !figure.dataset.firstDrawnAt) figure.dataset.firstDrawnAt = at;
}

/** The x axis's tick labels, as drawn, go on the figure as `data-x-ticks` for tests to read. */
function xTicks(u: uPlot, splits: (number | null)[], log: boolean): string[] {
  const labels = log ? logAxisLabels(splits) : splits.map((v) => (v === null ? "" : formatTick(v))); // uPlot may leave some unlabelled
  const figure = u.root.closest("figure");
  if (figure) figure.dataset.xTicks = labels.join(" ");
  return labels;
}

// uPlot's own axis font, named so that the room for tick labels is measured in it.
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const [TICK_SIZE, TICK_GAP] = [10, 5]; // uPlot's defaults
let measurer: CanvasRenderingContext2D | null = null;

/** A y axis's width: its widest tick label beside its ticks, so the rotated axis label beyond never overlaps one. */
function axisSize(u: uPlot, values: string[] | null, axisIndex: number): number {
  measurer ??= document.createElement("canvas").getContext("2d");
  if (!measurer) return 56;
  measurer.font = AXIS_FONT;
  const widest = Math.max(0, ...(values ?? []).map((v) => measurer!.measureText(v).width));
  const figure = u.root.closest("figure");
  if (figure && u.axes[axisIndex]?.scale === "y") figure.dataset.yTicks = (values ?? []).join(" ");
  return Math.max(40, Math.ceil(TICK_SIZE + TICK_GAP + widest + 4));
}

/** Steps between a y axis's ticks, 1, 2, 2.5 and 5 × 10ⁿ at every magnitude a float reaches:
 * uPlot's own end at 5e31, and a loss that blew up to 1e34 had an axis with no numbers at all. */
const NUMBER_STEPS = Array.from({ length: 121 }, (_, i) => i - 60).flatMap((e) => [1, 2, 2.5, 5].map((m) => Number(`${m}e${e}`)));

// Room a log axis's labels need: the x axis's ("1e-3") sit side by side, the y axis's one above another.
const [X_LOG_GAP, Y_LOG_GAP] = [56, 24];

/** A log axis's ticks and grid lines: the powers of ten its labels have room for (logTicks.ts), each
 * labelled, where uPlot's own drew a line at every 1…9 × 10ⁿ and merged them into bars. */
function logAxis(gap: number): Pick<uPlot.Axis, "splits" | "filter"> {
  return {
    splits: (u, axisIndex, min, max) => {
      const box = axisIndex === 0 ? u.bbox.width : u.bbox.height;
      return logTicks(min, max, box / uPlot.pxRatio || 200, gap);
    },
    filter: (_u, splits) => splits,
  };
}

/** `xWhole`: the x values are whole numbers (steps, epochs), and ticks fall on them, never on 2.5.
 * `xLog`: x runs on a log axis (learning rates). `zeroAt`: where a series held a 0 its log axis left out. */
export function buildOptions(
  width: number,
  height: number,
  xLabel: string,
  series: ChartSeries[],
  axes: ChartAxis[],
  xWhole = true,
  xLog = false,
  zeroAt: ZeroAt = () => false,
): uPlot.Options {
  const [text, axisStroke] = [resolveColor("--chart-text"), resolveColor("--chart-axis")];
  const grid = { stroke: resolveColor("--chart-grid"), width: 1 };
  const ticks = { stroke: axisStroke, width: 1 };
  const scales: uPlot.Scales = { x: xLog ? { time: false, distr: 3, log: 10 } : { time: false } };
  for (const axis of axes) {
    scales[axis.scale] = axis.log
      ? { distr: 3, log: 10, range: (_u, min, max) => (min === null || max === null || !(min > 0) ? [1e-3, 1] : uPlot.rangeLog(min, max, 10, false)) }
      : axis.range
        ? { range: axis.range }
        : {
            range: (_u, min, max) => {
              if (min === null || max === null) return [0, 1];
              const top = axis.top?.() ?? null; // past it, a spike runs off the top (spikes.ts)
              return uPlot.rangeNum(Math.min(0, min), top !== null && max > top ? top : max, 0.1, true);
            },
          };
  }
  return {
    width,
    height,
    scales,
    legend: { live: true, markers: { width: (u: uPlot, i: number) => (u.series[i]?.dash ? 0 : 2), fill: dashedSwatch } },
    hooks: { draw: [drawnHook] },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: resolveColor(s.color),
        alpha: s.alpha ?? 1,
        width: s.width ?? 2,
        scale: s.scale ?? "y",
        dash: s.dash,
        spanGaps: true,
        points: { show: s.points ?? fewPoints, size: 6, fill: resolveColor(s.color) },
        // Away from the cursor the legend shows each line's latest value, not a dash.
        value: (u: uPlot, v: number | null, seriesIdx: number, idx: number | null) => {
          if (zeroAt(seriesIdx - 1, idx)) return "0";
          const shown = idx === null ? latest(u.data[seriesIdx]) : v;
          if (shown === null || shown === undefined) return "—";
          // A value past the top of a capped axis (the range test's blow-up, 4.83 over an axis to
          // 2.3) says so: read bare beside the axis, it looked like a misdrawn line.
          const top = u.scales[s.scale ?? "y"]?.max;
          return top != null && shown > top ? `${formatTick(shown)} (above the chart)` : formatTick(shown);
        },
      })),
    ],
    axes: [
      {
        label: xLabel,
        stroke: text,
        grid,
        ticks,
        border: { show: true, stroke: axisStroke, width: 1 },
        incrs: xWhole && !xLog ? WHOLE_STEPS : undefined, // seconds: uPlot's own, down to fractions
        values: (u: uPlot, splits: (number | null)[]) => xTicks(u, splits, xLog),
        ...(xLog ? logAxis(X_LOG_GAP) : {}),
      },
      ...axes.map((a) => ({
        scale: a.scale,
        label: a.label,
        side: a.side === "right" ? 1 : 3,
        stroke: text,
        font: AXIS_FONT,
        size: axisSize,
        grid: a.side === "right" ? { show: false } : grid,
        ticks,
        // uPlot hands over null for a split it leaves unlabelled.
        values: (_u: uPlot, splits: (number | null)[]) =>
          a.log && !a.format ? logAxisLabels(splits) : splits.map((v) => (v === null ? "" : (a.format ?? formatTick)(v))),
        incrs: NUMBER_STEPS, // a log axis's too: uPlot finds a step before it draws the splits of logAxis
        ...(a.log ? logAxis(Y_LOG_GAP) : {}),
      })),
    ],
  };
}

/** A dashed line's swatch in the legend is dashed too (a solid grey one named the dashed training
 * line), and a dotted, faint one's (an earlier run's, previous/) dotted and faint, not like the
 * training accuracy's dashes beside it; the others are uPlot's own, filled with the line's colour. */
function dashedSwatch(u: uPlot, i: number): string {
  const series = u.series[i];
  const stroke = series?.stroke;
  const colour = typeof stroke === "function" ? String(stroke(u, i)) : String(stroke ?? "");
  if (!series?.dash) return colour;
  const alpha = series.alpha ?? 1;
  const shade = alpha < 1 ? `color-mix(in srgb, ${colour} ${Math.round(alpha * 100)}%, transparent)` : colour;
  // The line's own pattern, dash and gap in turn (an odd list runs twice, as the canvas draws it):
  // a dotted line's swatch is dotted, a dash-dot one's dash-dot.
  const dash = series.dash.length % 2 ? [...series.dash, ...series.dash] : series.dash;
  let at = 0;
  const stops = dash.map((length, k) => {
    const stop = `${k % 2 ? "transparent" : shade} ${at}px ${at + length}px`;
    at += length;
    return stop;
  });
  return `repeating-linear-gradient(90deg, ${stops.join(", ")})`;
}
