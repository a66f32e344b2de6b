// The range test's loss against the learning rate, on a log axis, with the suggested rate marked.
import { useMemo } from "react";
import type { LrRangeEvent } from "../../api/types";
import { LineChart } from "../LineChart";
import { chartData, lossRange } from "./rangeCurve";

export function LrRangeChart({ curve, version }: { curve: LrRangeEvent; version: number }) {
  const data = useMemo(() => chartData(curve), [curve]);
  return (
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
  );
}
