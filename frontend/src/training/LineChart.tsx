// A titled uPlot line chart that follows its container's width and redraws when `version` changes.
import { useEffect, useRef, type ReactNode } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  color: string;
  scale?: string;
  points?: boolean;
  dash?: number[];
  width?: number;
}

export interface ChartAxis {
  scale: string;
  label: string;
  side?: "left" | "right";
  log?: boolean;
  range?: [number, number];
  format?: (value: number) => string;
}

interface Props {
  title: string;
  xLabel: string;
  series: ChartSeries[];
  axes: ChartAxis[];
  data: uPlot.AlignedData;
  version: number;
  testId: string;
  emptyText: string;
  height?: number;
  /** Controls beside the title (scale, smoothing, x axis). */
  controls?: ReactNode;
  className?: string;
}

const AXIS_STROKE = "#3b4252";
const GRID = { stroke: "#e5e7eb", width: 1 };
function latest(values: uPlot.AlignedData[number] | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) {
    const value = values![i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2500, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];

function buildOptions(width: number, height: number, xLabel: string, series: ChartSeries[], axes: ChartAxis[]): uPlot.Options {
  const scales: uPlot.Scales = { x: { time: false } };
  for (const axis of axes) {
    scales[axis.scale] = axis.log
      ? { distr: 3, log: 10, range: (_u, min, max) => (min === null || max === null || !(min > 0) ? [1e-3, 1] : uPlot.rangeLog(min, max, 10, false)) }
      : axis.range
        ? { range: axis.range }
        : { range: (_u, min, max) => (min === null || max === null ? [0, 1] : uPlot.rangeNum(Math.min(0, min), max, 0.1, true)) };
  }
  return {
    width,
    height,
    scales,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.width ?? 2,
        scale: s.scale ?? "y",
        dash: s.dash,
        spanGaps: true,
        points: { show: s.points ?? false, size: 6, fill: s.color },
        // Away from the cursor the legend shows each line's latest value, not a dash.
        value: (u: uPlot, v: number | null, seriesIdx: number, idx: number | null) => {
          const shown = idx === null ? latest(u.data[seriesIdx]) : v;
          return shown === null || shown === undefined ? "—" : formatTick(shown);
        },
      })),
    ],
    axes: [
      // Steps and epochs are whole numbers: ticks fall on them, never on 2.5.
      { label: xLabel, stroke: AXIS_STROKE, grid: GRID, ticks: GRID, incrs: WHOLE_STEPS },
      ...axes.map((a) => ({
        scale: a.scale,
        label: a.label,
        side: a.side === "right" ? 1 : 3,
        stroke: AXIS_STROKE,
        size: 56,
        grid: a.side === "right" ? { show: false } : GRID,
        ticks: GRID,
        // Log axes hand over null for the splits they leave unlabelled.
        values: (_u: uPlot, splits: (number | null)[]) => splits.map((v) => (v === null ? "" : (a.format ?? formatTick)(v))),
      })),
    ],
  };
}

/** Short tick labels: 0.5, 12, 1.2k, 3e-4. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1000) return `${+(v / 1000).toPrecision(3)}k`;
  if (abs < 0.01) return v.toExponential(0);
  return String(+v.toPrecision(3));
}

export function LineChart({ title, xLabel, series, axes, data, version, testId, emptyText, height = 220, controls, className }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = JSON.stringify([xLabel, series, axes.map((a) => [a.scale, a.label, a.side, a.log, a.range])]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = Math.max(200, element.clientWidth);
    const chart = new uPlot(buildOptions(width, height, xLabel, series, axes), data, element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series or axes change; new data goes through setData.
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [version, data]);

  const points = data[0].length;
  return (
    <figure className={`chart ${className ?? ""}`} data-testid={testId} data-points={points} data-x={xLabel} data-log={axes.some((a) => a.log)}>
      <figcaption>
        <span>{title}</span>
        {controls}
      </figcaption>
      <div className="chart-area">
        <div ref={box} className="chart-canvas" />
        {points === 0 && <div className="chart-empty">{emptyText}</div>}
      </div>
    </figure>
  );
}
