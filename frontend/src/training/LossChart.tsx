// The training loss per step, with the controls people expect: x axis by step, epoch or time,
// EMA smoothing (the raw line stays, faded, behind the smoothed one) and a log scale.
import type uPlot from "uplot";
import type { RunTally } from "./events";
import { ema, xValues, X_LABELS, type ChartView, type XAxis } from "./chartView";
import { LineChart } from "./LineChart";

interface Props {
  tally: RunTally;
  version: number;
  view: ChartView;
  onView: (view: ChartView) => void;
}

export function LossChart({ tally, version, view, onView }: Props) {
  const xs = xValues(tally, view.x);
  const smoothed = view.smoothing > 0;
  const series = smoothed
    ? [
        { label: "train loss", color: "rgba(37, 99, 235, 0.28)", width: 1 },
        { label: `smoothed (${view.smoothing.toFixed(2)})`, color: "#1d4ed8" },
      ]
    : [{ label: "train loss", color: "#1d4ed8" }];
  const data: uPlot.AlignedData = smoothed ? [xs, tally.losses, ema(tally.losses, view.smoothing)] : [xs, tally.losses];
  const controls = (
    <span className="chart-controls">
      <label title="A log scale shows the loss still falling after the first steps">
        <input type="checkbox" checked={view.log} onChange={(e) => onView({ ...view, log: e.target.checked })} data-testid="loss-log" />
        Log scale
      </label>
      <label title="Exponential moving average, as TensorBoard's smoothing">
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={view.smoothing}
          onChange={(e) => onView({ ...view, smoothing: Number(e.target.value) })}
          data-testid="loss-smoothing"
        />
        <output data-testid="loss-smoothing-value">{view.smoothing.toFixed(2)}</output>
      </label>
      <label>
        x
        <select value={view.x} onChange={(e) => onView({ ...view, x: e.target.value as XAxis })} data-testid="loss-x-axis">
          <option value="step">step</option>
          <option value="epoch">epoch</option>
          <option value="time">time</option>
        </select>
      </label>
    </span>
  );
  return (
    <LineChart
      title="Training loss"
      xLabel={X_LABELS[view.x]}
      series={series}
      axes={[{ scale: "y", label: "loss", log: view.log }]}
      data={data}
      version={version}
      testId="loss-chart"
      emptyText="Waiting for the first steps…"
      height={260}
      controls={controls}
      className="chart-wide"
    />
  );
}
