// What the looks inside the network show: weight and gradient histograms, update-to-weight ratios.
import { useState } from "react";
import { seriesColor } from "../chartTheme";
import { pick, pickX, SeriesView } from "../decimate";
import { LineChart } from "../LineChart";
import type { RunTally } from "../events";
import { Histograms } from "./Histograms";

export function InsightCharts({ tally, version }: { tally: RunTally; version: number }) {
  const [decimated] = useState(() => new SeriesView());
  const layers = Object.keys(tally.ratios);
  const columns = layers.map((layer) => tally.ratios[layer]!);
  const shown = decimated.indices(tally, columns, tally.ratioSteps.length);
  if (!tally.insight) return null;
  return (
    <>
      <LineChart
        title="Update-to-weight ratio per layer (about 1e-3 is healthy)"
        xLabel="step"
        series={layers.map((layer, i) => ({ label: layer, color: seriesColor(i), points: true }))}
        axes={[{ scale: "y", label: "‖ΔW‖ / ‖W‖", log: true }]}
        data={[pickX(tally.ratioSteps, shown), ...columns.map((ratios) => pick(ratios, shown))]}
        points={tally.ratioSteps.length}
        version={version}
        testId="ratio-chart"
        emptyText="Waiting for the first look inside…"
      />
      {/* Last: the tallest, with a row for each layer, it leaves no gap beside a shorter chart. */}
      <Histograms insight={tally.insight} lastStep={tally.end?.metrics.step ?? null} />
    </>
  );
}
