// The learning rate per step, as the schedule moves it.
import { useState } from "react";
import { pick, pickX, SeriesView } from "./decimate";
import { noStepsText, type RunTally } from "./events";
import { LineChart } from "./LineChart";

/** 0.001 -> "1e-3", 0.05 -> "0.05": short enough for an axis. */
export function formatLr(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

export function LrChart({ tally, version }: { tally: RunTally; version: number }) {
  const now = tally.lrs[tally.lrs.length - 1];
  const [decimated] = useState(() => new SeriesView());
  const shown = decimated.indices(tally, [tally.lrs], tally.lrs.length);
  return (
    <LineChart
      title={`Learning rate per step${now != null ? ` (now ${formatLr(now)})` : ""}`}
      xLabel="step"
      series={[{ label: "learning rate", color: "--chart-series-5" }]}
      axes={[{ scale: "y", label: "lr", format: formatLr }]}
      data={[pickX(tally.steps, shown), pick(tally.lrs, shown)]}
      points={tally.steps.length}
      version={version}
      testId="lr-chart"
      emptyText={noStepsText(tally)}
    />
  );
}
