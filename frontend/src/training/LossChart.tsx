// The training loss per step, with the controls people expect: x axis by step, epoch or time,
// EMA smoothing (the raw line stays, faded, behind the smoothed one) and a log scale. Every step
// is held; what is drawn is a downsampled view of them all (decimate.ts), kept up as steps arrive.
import { useMemo, useRef, useState } from "react";
import type uPlot from "uplot";
import { formatCount } from "../editor/format";
import { noStepsText, type RunTally } from "./events";
import { LogScaleToggle, SmoothingSlider, XAxisSelect } from "./ChartControls";
import { stepX, X_LABELS, type ChartView } from "./chartView";
import { pick, pickX, SeriesView } from "./decimate";
import { formatTick } from "./formatTick";
import { ABOUT } from "./chartAbout";
import { LineChart, type ChartSeries } from "./LineChart";
import { highest, spikeText, spikeTop } from "./spikes";
import { previousLosses, previousSeries, withPrevious, type PreviousRun } from "./previous/previousOverlay";

interface Props {
  tally: RunTally;
  version: number;
  view: ChartView;
  onView: (view: ChartView) => void;
  /** An earlier run, drawn faintly under this one's loss (previous/). */
  previous?: PreviousRun | null;
}

/** The loss chart's points to draw: each bucket's extremes of the raw loss, and the loss smoothed over the buckets. */
function useLossData(tally: RunTally, view: ChartView): uPlot.AlignedData {
  const [decimated] = useState(() => new SeriesView());
  const losses = tally.stepLosses.losses;
  const shown = decimated.indices(tally, [losses.values()], losses.length);
  const xs = pickX(stepX(tally, view.x).values(), shown);
  const raw = pick(losses.values(), shown);
  return view.smoothing > 0 ? [xs, raw, decimated.smoothed(0, shown, view.smoothing)] : [xs, raw];
}

export function LossChart({ tally, version, view, onView, previous = null }: Props) {
  const data = useLossData(tally, view);
  // On a linear scale the axis leaves out spikes far over the usual loss, and says so (spikes.ts).
  const top = useRef<number | null>(null);
  const [readTop] = useState(() => () => top.current);
  const losses = tally.stepLosses.losses;
  const raw = data[1] ?? [];
  top.current = view.log || losses.length === 0 ? null : spikeTop(losses.value(0), raw);
  const spike = top.current === null ? null : highest(data[0], raw);
  const { count, first } = tally.stepLosses.notFinite;
  const undrawn = count > 0 && (
    <span data-testid="loss-not-finite">
      {count === 1 ? `Step ${formatCount(first ?? 0)}'s loss was` : `${formatCount(count)} steps' losses, from step ${formatCount(first ?? 0)}, were`} not a number (inf or NaN): the chart leaves {count === 1 ? "it" : "them"} out.{" "}
    </span>
  );
  const spiked = spike && (
    <>
      The loss reached {spikeText(spike.value)} {view.x === "time" ? `${formatTick(spike.x)} s in` : `at ${view.x} ${formatTick(spike.x)}`}, past the top of the chart, which follows the usual loss: tick <em>Log scale</em> to see all of it.
    </>
  );
  // The earlier run by step or epoch: its seconds are another machine's and another day's.
  const prev = useMemo(() => (previous && view.x !== "time" ? previousLosses(previous.curves, view.x, view.smoothing) : null), [previous, view.x, view.smoothing]);
  const unlaid = previous && view.x === "time" && <span data-testid="loss-previous-by-time">The previous run is drawn by step or by epoch, not by time. </span>;
  const note = (undrawn || spiked || unlaid) && (
    <>
      {undrawn}
      {spiked}
      {unlaid}
    </>
  );
  const series: ChartSeries[] =
    view.smoothing > 0
      ? [
          // Grey, not a faded blue: the legend's swatches of the two read the same, and on a
          // noisy run of thousands of steps the faded band hid which line was which.
          { label: "train loss", color: "--chart-train", alpha: 0.45, width: 1, summary: "lowest" },
          { label: `smoothed (${view.smoothing.toFixed(2)})`, color: "--chart-series-1", summary: "lowest" },
        ]
      : [{ label: "train loss", color: "--chart-series-1", summary: "lowest" }];
  if (prev && previous) series.push(previousSeries(previous.label, "--chart-series-1"));
  const controls = (
    <span className="chart-controls">
      <LogScaleToggle checked={view.log} onChange={(log) => onView({ ...view, log })} testId="loss-log" chart="Training loss" />
      <SmoothingSlider value={view.smoothing} onChange={(smoothing) => onView({ ...view, smoothing })} chart="Training loss" testId="loss-smoothing" />
      <XAxisSelect chart="Training loss" value={view.x} choices={["step", "epoch", "time"]} onChange={(x) => onView({ ...view, x })} testId="loss-x-axis" />
    </span>
  );
  return (
    <LineChart
      title="Training loss"
      xLabel={X_LABELS[view.x]}
      xWhole={view.x !== "time"}
      series={series}
      axes={[{ scale: "y", label: "loss", log: view.log, top: readTop }]}
      data={prev ? withPrevious(data, prev.xs, [prev.ys]) : data}
      points={tally.stepLosses.losses.length}
      version={version}
      testId="loss-chart"
      emptyText={noStepsText(tally)}
      height={260}
      controls={controls}
      note={note}
      about={ABOUT.loss}
      className="chart-wide"
    />
  );
}
