// Each epoch's training loss (its mean), validation loss and, for a classifier, the accuracy on
// its training batches and on the validation set: the gap between the two is what overfitting looks
// like. Its loss axis follows the usual loss, as the training loss chart's does (spikes.ts): a
// too-high rate's first epoch (a mean of 9,257 where the rest is near 1) pressed every other
// point flat onto the bottom, where no one could read them.
import { useRef, useState } from "react";
import type uPlot from "uplot";
import { ABOUT } from "./chartAbout";
import type { RunTally } from "./events";
import { formatTick } from "./formatTick";
import { LineChart, type ChartSeries } from "./LineChart";
import { highest, spikeText, spikeTop } from "./spikes";

interface Props {
  tally: RunTally;
  version: number;
  classification: boolean;
}

const percent = (values: (number | null)[]) => values.map((a) => (a === null ? null : a * 100));

export function EpochChart({ tally, version, classification }: Props) {
  // Runs from before training accuracy was kept have none: no empty legend entry for them.
  const trained = classification && tally.trainAccuracy.some((a) => a !== null);
  const data: uPlot.AlignedData = [tally.epochs, tally.trainLoss, tally.valLoss];
  if (classification) data.push(percent(tally.valAccuracy));
  if (trained) data.push(percent(tally.trainAccuracy));
  // Dots on each epoch only while there are few (chartOptions.ts FEW_POINTS): at 250 epochs they
  // merged into a band that hid the dashed training line.
  const series: ChartSeries[] = [
    { label: "train loss, epoch mean", color: "--chart-train", dash: [6, 4] },
    { label: "val loss", color: "--chart-series-1" },
  ];
  if (classification) series.push({ label: "val accuracy %", color: "--chart-series-3", scale: "pct" });
  // Dashed as the training loss is; in the validation accuracy's colour, on its axis.
  if (trained) series.push({ label: "train accuracy %", color: "--chart-series-3", dash: [6, 4], scale: "pct" });

  const top = useRef<number | null>(null);
  const [readTop] = useState(() => () => top.current);
  const untrained = tally.stepLosses.losses.length ? tally.stepLosses.losses.value(0) : null;
  const losses = [...tally.trainLoss, ...tally.valLoss]; // the last is the run's latest val loss
  top.current = spikeTop(untrained, losses);
  const spike = top.current === null ? null : [highest(tally.epochs, tally.trainLoss), highest(tally.epochs, tally.valLoss)].reduce((a, b) => (b && (!a || b.value > a.value) ? b : a), null);
  const note = spike && (
    <>
      The loss reached {spikeText(spike.value)} at epoch {formatTick(spike.x)}, past the top of the chart, which follows the usual loss; the training loss chart's <em>Log scale</em> shows all of it.
    </>
  );
  return (
    <LineChart
      title={classification ? "Loss and accuracy per epoch" : "Loss per epoch"}
      xLabel="epoch"
      series={series}
      axes={[
        { scale: "y", label: "loss", top: readTop },
        ...(classification ? [{ scale: "pct", label: "accuracy %", side: "right" as const, range: [0, 100] as [number, number] }] : []),
      ]}
      data={data}
      version={version}
      testId="epoch-chart"
      emptyText={tally.end ? "No epoch ended before the run did." : "Appears after the first epoch."}
      height={260}
      note={note}
      about={classification ? ABOUT.epochs : ABOUT.epochsRegression}
    />
  );
}
