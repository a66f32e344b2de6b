// What the looks inside the network show: weight and gradient histograms, update-to-weight ratios.
import { useState } from "react";
import { ABOUT } from "../chartAbout";
import { seriesStyle } from "../chartTheme";
import { pick, pickX, SeriesView } from "../decimate";
import { ratioIsZero } from "../gradientZeros";
import { LineChart, type ChartSeries, type ZeroAt } from "../LineChart";
import type { RunTally } from "../events";
import { fewLooks } from "./fewLooks";
import { Histograms } from "./Histograms";

// The ratio a healthy layer's updates keep near under SGD (Adam's steps are about the rate itself,
// so its ratios sit nearer 1e-2 early on), drawn as a dashed line: the axis then always has
// a mark near it, where the data's own range could leave it between two ticks or off the chart.
const HEALTHY_RATIO = 1e-3;
const HEALTHY_SERIES: ChartSeries = { label: "healthy for SGD, about", color: "--chart-axis", dash: [4, 4], width: 1, points: false, summary: "none" };

export function InsightCharts({ tally, version }: { tally: RunTally; version: number }) {
  const [decimated] = useState(() => new SeriesView());
  const layers = Object.keys(tally.ratios);
  const columns = layers.map((layer) => tally.ratios[layer]!);
  const shown = decimated.indices(tally, columns, tally.ratioSteps.length);
  // The drawn point `index` is look shown[index]; the latest is the last look. The dashed line, after
  // the layers, is never 0.
  const zeroAt: ZeroAt = (series, index) =>
    series < layers.length && ratioIsZero(tally, layers[series]!, index === null ? null : (shown[index] ?? -1));
  if (!tally.insight) return null;
  const looks = tally.ratioSteps.length;
  // A short run is looked inside a few times (at most once a second, a look costing at most 1 % of
  // the run): its line from one look to the next is drawn, not measured (a new user read two
  // looks' straight line as a steady fall).
  const few = tally.end !== null ? fewLooks(looks) : null;
  return (
    <>
      <LineChart
        title="Update-to-weight ratio per layer (about 1e-3 is healthy for SGD; Adam's sit higher)"
        xLabel="step"
        series={[...layers.map((layer, i) => ({ label: layer, ...seriesStyle(i) })), HEALTHY_SERIES]}
        axes={[{ scale: "y", label: "‖ΔW‖ / ‖W‖", log: true }]}
        data={[pickX(tally.ratioSteps, shown), ...columns.map((ratios) => pick(ratios, shown)), shown.map(() => HEALTHY_RATIO)]}
        points={tally.ratioSteps.length}
        version={version}
        testId="ratio-chart"
        emptyText="Waiting for the first look inside…"
        zeroAt={zeroAt}
        note={few}
        about={ABOUT.ratios}
      />
      {/* Last: the tallest, with a row for each layer, it leaves no gap beside a shorter chart. */}
      <Histograms insight={tally.insight} lastStep={tally.end?.metrics.step ?? null} />
    </>
  );
}
