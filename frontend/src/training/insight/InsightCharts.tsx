// What the looks inside the network show: weight and gradient histograms, update-to-weight ratios.
import { LineChart } from "../LineChart";
import type { RunTally } from "../events";
import { Histograms } from "./Histograms";

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d"];

export function InsightCharts({ tally, version }: { tally: RunTally; version: number }) {
  if (!tally.insight) return null;
  const layers = Object.keys(tally.ratios);
  return (
    <>
      <Histograms insight={tally.insight} lastStep={tally.end?.metrics.step ?? null} />
      <LineChart
        title="Update-to-weight ratio per layer (about 1e-3 is healthy)"
        xLabel="step"
        series={layers.map((layer, i) => ({ label: layer, color: COLOURS[i % COLOURS.length]!, points: true }))}
        axes={[{ scale: "y", label: "‖ΔW‖ / ‖W‖", log: true }]}
        data={[tally.ratioSteps, ...layers.map((layer) => tally.ratios[layer]!)]}
        version={version}
        testId="ratio-chart"
        emptyText="Waiting for the first look inside…"
      />
    </>
  );
}
