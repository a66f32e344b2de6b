// The learning rate per step, as the schedule moves it (or a range test raises it tenfold a few steps apart).
import { useState } from "react";
import { pick, pickX, SeriesView } from "./decimate";
import { noStepsText, type RunTally } from "./events";
import { LineChart } from "./LineChart";
import { ABOUT } from "./chartAbout";

/** 0.001 -> "1e-3", 0.05 -> "0.05": short enough for an axis. */
export function formatLr(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

/** `log`: a log axis, for a range test's rate, exponential from 1e-7 to 10: on a linear one it lies at 0 until its last steps. */
export function LrChart({ tally, version, log = false }: { tally: RunTally; version: number; log?: boolean }) {
  const now = tally.lrs[tally.lrs.length - 1];
  // A run that has ended has no rate now: "(now 3.3)" on a finished range test read as still rising.
  const ended = tally.end !== null && !tally.partOpen;
  // Every step's rate (a frame carries them where they changed within it): a StepLR drop is a
  // step, a OneCycleLR's warm-up a rise, where one point a frame drew them as slopes.
  const { steps, lrs } = tally.stepLosses;
  const [decimated] = useState(() => new SeriesView());
  const shown = decimated.indices(tally, [lrs.values()], lrs.length);
  return (
    <LineChart
      title={`Learning rate per step${log ? " (log scale)" : ""}${now != null ? ` (${ended ? "ended at" : "now"} ${formatLr(now)})` : ""}`}
      xLabel="step"
      series={[{ label: "learning rate", color: "--chart-series-5" }]}
      axes={[{ scale: "y", label: "lr", format: formatLr, log }]}
      data={[pickX(steps.values(), shown), pick(lrs.values(), shown)]}
      points={lrs.length}
      version={version}
      testId="lr-chart"
      emptyText={noStepsText(tally)}
      about={ABOUT.learningRate}
    />
  );
}
