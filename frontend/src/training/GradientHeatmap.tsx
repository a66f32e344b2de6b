// Gradient norms as a heatmap: one row per layer, time from left to right, colour by log10 norm;
// a norm of 0 (gradients that died) has its own colour, apart from the ramp and from no data. Its
// name is its title (not its "What does this show?" too); its canvas, an image named by which layer's
// norm is the largest and which the smallest at the last step (chartSummary.ts).
import { useEffect, useId, useRef } from "react";
import { formatCount } from "../editor/format";
import { noStepsText, type RunTally } from "./events";
import { resolveColor, useColorScheme } from "./chartTheme";
import { formatTick } from "./LineChart";
import { useWidth } from "./useWidth";
import { heatmapColumns, ZERO_CELL } from "./gradientZeros";
import { ABOUT, ChartAbout } from "./chartAbout";
import { heatmapSummary } from "./chartSummary";
import { useThrottledText } from "./useThrottledText";

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

interface Props {
  tally: RunTally;
  version: number;
  /** Said instead of the heatmap when the run has steps but no norm to colour them by. */
  blankText?: string | null;
}

export function GradientHeatmap({ tally, version, blankText }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const id = useId(); // two heatmaps on one page name their own title and summary
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(200, useWidth(box));
  const scheme = useColorScheme();
  const { cells, count } = heatmapColumns(tally, MAX_COLUMNS);
  const values = cells.flat().filter((v): v is number => v !== null && v !== ZERO_CELL);
  const zeros = cells.some((row) => row.includes(ZERO_CELL));
  const low = values.length ? Math.min(...values) : 0;
  const high = values.length ? Math.max(...values) : 1;
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context) return;
    context.clearRect(0, 0, width, ROW * cells.length);
    const column = (width - LABEL) / Math.max(count, 1);
    const [empty, zero] = [resolveColor("--chart-empty"), resolveColor("--chart-zero")];
    cells.forEach((row, r) => {
      row.forEach((v, c) => {
        context.fillStyle = v === null ? empty : v === ZERO_CELL ? zero : ramp((v - low) / (high - low || 1));
        context.fillRect(LABEL + c * column, r * ROW, column + 0.5, ROW - 2);
      });
    });
  }, [version, cells, count, low, high, tally.gradLayers, width, scheme]);
  const ramped = values.length > 0;
  const summary = useThrottledText(() => heatmapSummary(tally), version);
  return (
    <figure className="chart heatmap" aria-labelledby={`${id}-title`} data-testid="grad-heatmap" data-columns={count}>
      <figcaption>
        <span id={`${id}-title`}>Gradient norm heatmap (layers × time)</span>
        {count > 0 && !blankText && (
          <ChartAbout testId="grad-heatmap" chart="Gradient norm heatmap">
            {ABOUT.heatmap}
          </ChartAbout>
        )}
      </figcaption>
      <div ref={box}>
      {count === 0 || blankText ? (
        <p className="muted" data-testid="grad-heatmap-note">
          {count === 0 ? noStepsText(tally) : blankText}
        </p>
      ) : (
        <>
          <div className="heatmap-body">
            <canvas ref={ref} width={width} height={ROW * cells.length} role="img" aria-labelledby={`${id}-summary`} />
            <p className="visually-hidden" id={`${id}-summary`} aria-hidden="true" data-testid="grad-heatmap-summary">
              {summary}
            </p>
            {/* The layers' names over the canvas's left edge, cut short with the whole name as a tooltip. */}
            <div className="heatmap-labels" style={{ width: LABEL - 6 }}>
              {tally.gradLayers.map((layer) => (
                <span key={layer} title={layer} style={{ height: ROW }} data-testid="heatmap-label">
                  {layer}
                </span>
              ))}
            </div>
          </div>
          <div className="heatmap-legend">
            <span>step {formatCount(tally.steps[0]!)}</span>
            <span className="heatmap-scale" data-testid="heatmap-scale">
              {zeros && (
                <span className="heatmap-zero" data-testid="heatmap-zero" title="A norm of 0: no gradient reached the layer">
                  <span style={{ background: resolveColor("--chart-zero") }} />0
                </span>
              )}
              {ramped && formatTick(10 ** low)}
              {ramped && <span style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(ramp).join(",")})` }} />}
              {ramped && formatTick(10 ** high)}
            </span>
            <span>step {formatCount(tally.steps[tally.steps.length - 1]!)}</span>
          </div>
        </>
      )}
      </div>
    </figure>
  );
}
