// Gradient norms as a heatmap: one row per layer, time from left to right, colour by log10 norm.
import { useEffect, useRef } from "react";
import type { RunTally } from "./events";

const WIDTH = 520;
const ROW = 18;
const MAX_COLUMNS = 260;
const LABEL = 70;

/** A dark-blue → teal → yellow ramp (viridis-like) for t in [0, 1]. */
function ramp(t: number): string {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(0.9999, Math.max(0, t)) * (stops.length - 1);
  const [a, b] = [stops[Math.floor(x)]!, stops[Math.floor(x) + 1]!];
  const f = x - Math.floor(x);
  return `rgb(${a.map((v, i) => Math.round(v + (b[i]! - v) * f)).join(",")})`;
}

/** Columns of log10 norms, each the mean over a run of frames, so a long run still fits. */
function columns(tally: RunTally): { cells: (number | null)[][]; count: number } {
  const frames = tally.steps.length;
  const count = Math.min(frames, MAX_COLUMNS);
  const cells = tally.gradNorms.map((norms) =>
    Array.from({ length: count }, (_, c) => {
      const slice = norms.slice(Math.floor((c * frames) / count), Math.floor(((c + 1) * frames) / count));
      const logs = slice.filter((v): v is number => v !== null).map(Math.log10);
      return logs.length ? logs.reduce((s, v) => s + v, 0) / logs.length : null;
    }),
  );
  return { cells, count };
}

export function GradientHeatmap({ tally, version }: { tally: RunTally; version: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { cells, count } = columns(tally);
  const values = cells.flat().filter((v): v is number => v !== null);
  const low = values.length ? Math.min(...values) : 0;
  const high = values.length ? Math.max(...values) : 1;
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context) return;
    context.clearRect(0, 0, WIDTH, ROW * cells.length);
    const width = (WIDTH - LABEL) / Math.max(count, 1);
    context.font = "11px ui-monospace, monospace";
    cells.forEach((row, r) => {
      context.fillStyle = "#374151";
      context.fillText(tally.gradLayers[r] ?? "", 2, r * ROW + 13, LABEL - 6);
      row.forEach((v, c) => {
        context.fillStyle = v === null ? "#f3f4f6" : ramp((v - low) / (high - low || 1));
        context.fillRect(LABEL + c * width, r * ROW, width + 0.5, ROW - 2);
      });
    });
  }, [version, cells, count, low, high, tally.gradLayers]);
  return (
    <figure className="chart heatmap" data-testid="grad-heatmap" data-columns={count}>
      <figcaption>Gradient norm heatmap (layers × time)</figcaption>
      {count === 0 ? (
        <p className="muted">Waiting for the first steps…</p>
      ) : (
        <>
          <canvas ref={ref} width={WIDTH} height={ROW * cells.length} />
          <div className="heatmap-legend">
            <span>step {tally.steps[0]}</span>
            <span className="heatmap-scale">
              10<sup>{low.toFixed(1)}</sup>
              <span style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(ramp).join(",")})` }} />
              10<sup>{high.toFixed(1)}</sup>
            </span>
            <span>step {tally.steps[tally.steps.length - 1]}</span>
          </div>
        </>
      )}
    </figure>
  );
}
