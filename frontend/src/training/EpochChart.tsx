// Each epoch's training loss (its mean), validation loss and, for a classifier, the accuracy on
// its training batches and on the validation set: the gap between the two is what overfitting looks
// like. Its loss axis follows the usual loss, as the training loss chart's does (spikes.ts): a
// too-high rate's first epoch (a mean of 9,257 where the rest is near 1) pressed every other
// point flat onto the bottom, where no one could read them. A loss that ended high (a run that blew
// up late, 200k after 150 epochs near 0.1) is the story and is drawn whole, so the chart has the
// training loss chart's Log scale too: on it the epochs before the blow-up read again.
import { useRef, useState } from "react";
import type uPlot from "uplot";
import { ABOUT } from "./chartAbout";
import { LogScaleToggle } from "./ChartControls";
import type { RunTally } from "./events";
import { formatTick } from "./formatTick";
import { LineChart, type ChartSeries, type ZeroAt } from "./LineChart";
import { highest, pressedFlat, spikeText, spikeTop } from "./spikes";
import { previousSeries, withPrevious, type PreviousRun } from "./previous/previousOverlay";

interface Props {
  tally: RunTally;
  version: number;
  classification: boolean;
  /** An earlier run, whose validation curves are drawn faintly under this one's (previous/). */
  previous?: PreviousRun | null;
}

const percent = (values: (number | null)[]) => values.map((a) => (a === null ? null : a * 100));
/** A log axis draws no loss of 0 or less: left out (the legend still says 0, through zeroAt). */
const positive = (values: (number | null)[]) => values.map((v) => (v !== null && v > 0 ? v : null));
const TITLE = { classification: "Loss and accuracy per epoch", regression: "Loss per epoch" };

export function EpochChart({ tally, version, classification, previous = null }: Props) {
  const [log, setLog] = useState(false);
  // Runs from before training accuracy was kept have none: no empty legend entry for them.
  const trained = classification && tally.trainAccuracy.some((a) => a !== null);
  const losses = [tally.trainLoss, tally.valLoss];
  const data: uPlot.AlignedData = [tally.epochs, ...(log ? losses.map(positive) : losses)];
  if (classification) data.push(percent(tally.valAccuracy));
  if (trained) data.push(percent(tally.trainAccuracy));
  // Dots on each epoch only while there are few (chartOptions.ts FEW_POINTS): at 250 epochs they
  // merged into a band that hid the dashed training line.
  const series: ChartSeries[] = [
    { label: "train loss, epoch mean", color: "--chart-train", dash: [6, 4], summary: "lowest" },
    { label: "val loss", color: "--chart-series-1", summary: "lowest" },
  ];
  if (classification) series.push({ label: "val accuracy %", color: "--chart-series-3", scale: "pct", summary: "highest" });
  // Dashed as the training loss is; in the validation accuracy's colour, on its axis.
  if (trained) series.push({ label: "train accuracy %", color: "--chart-series-3", dash: [6, 4], scale: "pct", summary: "highest" });

  // The earlier run's validation loss and accuracy, faint and dotted in the same colours.
  const prev = previous?.curves;
  if (prev && previous) {
    series.push(previousSeries(`${previous.label} · val loss`, "--chart-series-1"));
    if (classification) series.push(previousSeries(`${previous.label} · val acc %`, "--chart-series-3", "pct"));
  }
  const prevData = prev ? [log ? positive(prev.valLoss) : prev.valLoss, ...(classification ? [prev.valAccuracy] : [])] : [];
  const drawnData = prev ? withPrevious(data, prev.epochs, prevData) : data;

  const top = useRef<number | null>(null);
  const [readTop] = useState(() => () => top.current);
  const untrained = tally.stepLosses.losses.length ? tally.stepLosses.losses.value(0) : null;
  const drawn = [...tally.trainLoss, ...tally.valLoss]; // the last is the run's latest val loss
  top.current = log ? null : spikeTop(untrained, drawn);
  const flat = !log && top.current === null && pressedFlat(untrained, drawn);
  const spike = top.current === null && !flat ? null : [highest(tally.epochs, tally.trainLoss), highest(tally.epochs, tally.valLoss)].reduce((a, b) => (b && (!a || b.value > a.value) ? b : a), null);
  const note = spike && (
    <>
      The loss reached {spikeText(spike.value)} at epoch {formatTick(spike.x)},{" "}
      {flat ? "which presses the other epochs flat onto the bottom of the chart" : "past the top of the chart, which follows the usual loss"}: tick <em>Log scale</em> to{" "}
      {flat ? "read them" : "see all of it"}.
    </>
  );
  // Where a loss of 0 was left out of the log axis, at an epoch (its index) or at the latest.
  const zeroAt: ZeroAt = (series, index) => {
    const values = losses[series];
    if (!log || !values) return false;
    // The drawn epochs may include the earlier run's: the point's own epoch says which of this run's.
    if (index !== null) return values[tally.epochs.indexOf(Number(drawnData[0][index]))] === 0;
    const latest = values.filter((v) => v !== null);
    return latest[latest.length - 1] === 0;
  };
  const title = classification ? TITLE.classification : TITLE.regression;
  const controls = (
    <span className="chart-controls">
      <LogScaleToggle checked={log} onChange={setLog} testId="epoch-log" chart={title} />
    </span>
  );
  return (
    <LineChart
      title={title}
      xLabel="epoch"
      series={series}
      axes={[
        { scale: "y", label: "loss", log, top: readTop },
        ...(classification ? [{ scale: "pct", label: "accuracy %", side: "right" as const, range: [0, 100] as [number, number] }] : []),
      ]}
      data={drawnData}
      points={tally.epochs.length}
      version={version}
      testId="epoch-chart"
      emptyText={tally.end ? "No epoch ended before the run did." : "Appears after the first epoch."}
      height={260}
      controls={controls}
      note={note}
      zeroAt={zeroAt}
      about={classification ? ABOUT.epochs : ABOUT.epochsRegression}
    />
  );
}
