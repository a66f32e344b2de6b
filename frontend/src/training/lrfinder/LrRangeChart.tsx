// The range test's loss against the learning rate, on a log axis, with the suggested rate marked.
// The loss axis stops near the starting loss; a note says how high the loss went past it.
import { useMemo } from "react";
import type { LrRangeEvent } from "../../api/types";
import { formatTick } from "../formatTick";
import { LineChart } from "../LineChart";
import { chartData, lossOffChart, lossRange } from "./rangeCurve";

export function LrRangeChart({ curve, version }: { curve: LrRangeEvent; version: number }) {
  const data = useMemo(() => chartData(curve), [curve]);
  const offChart = lossOffChart(curve);
  return (
    <>
      <LineChart
        title="Loss as the learning rate rises"
        xLabel="learning rate"
        xWhole={false}
        xLog
        series={[
          { label: "smoothed loss", color: "--chart-series-1" },
          { label: "loss at the suggestion", color: "--chart-series-3", points: true, width: 0 },
        ]}
        axes={[{ scale: "y", label: "loss", range: lossRange(curve) }]}
        data={data}
        version={version}
        testId="lr-range-chart"
        emptyText="No step gave a finite loss."
        height={200}
        className="lr-range-chart"
      />
      {offChart !== null && (
        <p className="muted hint" data-testid="lr-range-off-chart">
          The loss climbs past the top of the chart, to {formatTick(offChart)}: the axis stops near the starting loss so that its fall, where the suggestion comes from, stays readable.
        </p>
      )}
    </>
  );
}
