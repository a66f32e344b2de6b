// Histograms of each layer's weights and gradients at the latest look inside the network.
import type { InsightEvent } from "../../api/types";
import { formatCount } from "../../editor/format";
import { cssColor } from "../chartTheme";
import { ABOUT, ChartAbout } from "../chartAbout";

type Histogram = InsightEvent["layers"][string]["weights"];

function Bars({ histogram, colour, label }: { histogram: Histogram; colour: string; label: string }) {
  const peak = Math.max(...histogram.counts, 1);
  const width = 150; // viewBox units: the picture stretches to its column
  const bar = width / histogram.counts.length;
  return (
    <figure className="histogram">
      <svg viewBox={`0 0 ${width} 46`} preserveAspectRatio="none" height={46} role="img" aria-label={label}>
        {histogram.counts.map((count, i) => (
          <rect key={i} x={i * bar} y={44 - (count / peak) * 42} width={bar - 1} height={(count / peak) * 42} style={{ fill: cssColor(colour) }} />
        ))}
      </svg>
      <figcaption className="muted">
        {histogram.min.toPrecision(2)} … {histogram.max.toPrecision(2)}
      </figcaption>
    </figure>
  );
}

/** Samples a look inside measures dead units over, but near a run's end (training/insight.py's
 * MIN_SAMPLES; tests/backend/test_insight.py checks the two agree). */
export const LOOK_SAMPLES = 64;

/** The samples a dead share is measured over: "all 64 samples" (a batch, or the last few batches of
 * a small one), or fewer in a look near a run's end (its last step, or an epoch's end where it may
 * stop early), said as such; an event from before the count was kept measured one batch. */
export function deadOver(samples: number | undefined): string {
  if (!samples) return "the whole batch";
  // Which samples: "all 88 samples" matched no count on the page (an audit).
  const all = `all ${samples} training sample${samples === 1 ? "" : "s"} looked at`;
  return samples < LOOK_SAMPLES ? `${all} (a look near a run's end; others take at least ${LOOK_SAMPLES})` : all;
}

/** `lastStep`: where the run ended, when it has; the last look inside may have come a little before. */
export function Histograms({ insight, lastStep }: { insight: InsightEvent; lastStep: number | null }) {
  const before = lastStep !== null && lastStep > insight.step;
  return (
    <figure className="chart histograms" data-testid="histograms">
      <figcaption>
        <span data-testid="histograms-step">
          Weights and gradients at step {formatCount(insight.step)}
          {before && <span className="muted"> (the last look inside; the run ended at step {formatCount(lastStep)})</span>}
        </span>
        <ChartAbout testId="histograms" chart="Weights and gradients">
          {ABOUT.histograms}
        </ChartAbout>
      </figcaption>
      <div className="histogram-rows">
        {/* Once above the columns, not beside each range: on a phone a range and its label wrapped on some rows only. */}
        <div className="histogram-row histogram-head" aria-hidden="true">
          <span />
          <span>weights</span>
          <span>gradients</span>
        </div>
        {Object.entries(insight.layers).map(([layer, seen]) => (
          <div className="histogram-row" key={layer} data-testid={`histogram-${layer}`}>
            <code title={layer}>{layer}</code>
            <Bars histogram={seen.weights} colour="--chart-series-1" label="weights" />
            {seen.grads && <Bars histogram={seen.grads} colour="--chart-series-5" label="gradients" />}
          </div>
        ))}
        {Object.entries(insight.dead).map(([layer, share]) => (
          <div className="histogram-row" key={layer}>
            <code title={layer}>{layer}</code>
            <span className={share > 0.9 ? "dead-share bad" : "dead-share"}>{(share * 100).toFixed(0)}% of units gave 0 for {deadOver(insight.dead_samples)}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
