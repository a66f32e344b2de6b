// A titled uPlot line chart that follows its container's width and redraws when `version` changes.
// Its colours are the theme's (chartTheme.ts); it is rebuilt when the system's colour scheme changes.
// Its canvas is an image named by a sentence of what it draws (chartSummary.ts), kept up once a second.
import { useLayoutEffect, useRef, type ReactNode } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ChartAbout } from "./chartAbout";
import { buildOptions } from "./chartOptions";
import { useColorScheme } from "./chartTheme";
import { chartSummary, type SummaryExtreme } from "./chartSummary";
import { dataKey, useThrottledText } from "./useThrottledText";

export { formatTick } from "./formatTick";

export interface ChartSeries {
  label: string;
  /** A `--chart-*` name of the theme (or a literal colour). */
  color: string;
  /** Opacity of the line, for a raw line behind its smoothed one. */
  alpha?: number;
  scale?: string;
  points?: boolean;
  dash?: number[];
  width?: number;
  /** What its summary says besides its ends (its lowest loss, highest accuracy); "ends" when not given. */
  summary?: SummaryExtreme;
}

export interface ChartAxis {
  scale: string;
  label: string;
  side?: "left" | "right";
  log?: boolean;
  range?: [number, number];
  format?: (value: number) => string;
  /** A linear axis's highest value, read each time it is drawn (null: the data's own); keep the
   * same function for the chart's life: it is not rebuilt for a new one. */
  top?: () => number | null;
}

interface Props {
  title: string;
  xLabel: string;
  /** Whether x is a whole number (steps, epochs; the default), not seconds. */
  xWhole?: boolean;
  /** Whether x runs on a log axis (learning rates). */
  xLog?: boolean;
  series: ChartSeries[];
  axes: ChartAxis[];
  /** What is drawn: for a long run, a downsampled view (decimate.ts) of the whole history. */
  data: uPlot.AlignedData;
  /** How many points the chart holds, drawn or not; data's length when not given. */
  points?: number;
  version: number;
  testId: string;
  emptyText: string;
  /** Said over the chart instead, when it holds points but none that can be drawn. */
  blankText?: string | null;
  height?: number;
  /** Controls beside the title (scale, smoothing, x axis). */
  controls?: ReactNode;
  /** Said under the chart (what runs past its top). */
  note?: ReactNode;
  /** What the chart shows and what healthy looks like, folded under it. */
  about?: string;
  className?: string;
  /** Where a series' value, left out of `data` because a log axis cannot draw it, was 0: at the drawn
   * point `index`, or at its latest when null. The legend says 0 there rather than "—" or an older value. */
  zeroAt?: ZeroAt;
}

export type ZeroAt = (series: number, index: number | null) => boolean;

export function LineChart({ title, xLabel, xWhole = true, xLog = false, series, axes, data, points, version, testId, emptyText, blankText, height = 220, controls, note, about, className, zeroAt }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zeros = useRef(zeroAt); // read by the legend as it draws, so the chart is not rebuilt for it
  zeros.current = zeroAt;
  const scheme = useColorScheme();
  const shape = JSON.stringify([scheme, xLabel, xWhole, xLog, series, axes.map((a) => [a.scale, a.label, a.side, a.log, a.range])]);

  // Layout effects: the chart is built and given its points before the browser paints, not a frame later.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = Math.max(200, element.clientWidth);
    const options = buildOptions(width, height, xLabel, series, axes, xWhole, xLog, (s, i) => zeros.current?.(s, i) ?? false);
    // What the axes were given, for a test to read: the canvas keeps no trace of it.
    element.closest("figure")?.setAttribute("data-axis-color", String(options.axes?.[0]?.stroke));
    const chart = new uPlot(options, data, element);
    chart.ctx.canvas.setAttribute("role", "img");
    chart.ctx.canvas.setAttribute("aria-labelledby", `${testId}-summary`);
    // A long name is cut short in the legend: the whole of it is the label's tooltip.
    chart.root.querySelectorAll<HTMLElement>(".u-legend .u-label").forEach((label) => (label.title = label.textContent ?? ""));
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series or axes change; new data goes through setData.
  }, [shape, height, testId]);

  useLayoutEffect(() => {
    plot.current?.setData(data);
  }, [version, data]);

  const held = points ?? data[0].length;
  const blank = held > 0 && !!blankText;
  // A primitive key, equal from render to render until the data, its shape or its count change.
  const summaryKey = `${version} ${dataKey(data)} ${held} ${blank} ${shape}`;
  const summary = useThrottledText(() => (held === 0 ? emptyText : blank ? (blankText ?? "") : chartSummary(xLabel, series, data)), summaryKey);
  return (
    <figure
      className={`chart ${className ?? ""}`}
      aria-labelledby={`${testId}-title`} // its title alone names it, not the controls beside it
      data-testid={testId}
      data-points={held}
      data-x={xLabel}
      data-log={axes.some((a) => a.log)}
      data-x-log={xLog}
    >
      <figcaption>
        <span id={`${testId}-title`}>{title}</span>
        {controls}
        {about && (
          <ChartAbout testId={testId} chart={title}>
            {about}
          </ChartAbout>
        )}
      </figcaption>
      {/* Nothing to draw: the note in place of empty axes, which it would otherwise sit on. */}
      <div className="chart-area" style={blank ? { display: "none" } : undefined}>
        <div ref={box} className="chart-canvas" />
        {/* The canvas's name (aria-labelledby), read once there, not beside it again. */}
        <p className="visually-hidden" id={`${testId}-summary`} aria-hidden="true" data-testid={`${testId}-summary`}>
          {summary}
        </p>
        {held === 0 && <div className="chart-empty">{emptyText}</div>}
      </div>
      {blank && (
        <p className="muted chart-blank" data-testid={`${testId}-note`}>
          {blankText}
        </p>
      )}
      {note && !blank && (
        <p className="muted chart-foot" data-testid={`${testId}-foot`}>
          {note}
        </p>
      )}
    </figure>
  );
}
