// The live charts of a run, in a grid that uses the width: the loss first (with its controls),
// validation per epoch, a 2-D run's decision boundary as it forms (and replayed after), the learning rate when a schedule
// moves it, gradients, and looks inside.
import { useState } from "react";
import { ABOUT } from "./chartAbout";
import { seriesStyle } from "./chartTheme";
import { constantLr, constantLrText, DEFAULT_VIEW, type ChartView } from "./chartView";
import { pick, pickX, SeriesView } from "./decimate";
import { noStepsText, type RunTally } from "./events";
import { EpochChart } from "./EpochChart";
import { GradientHeatmap } from "./GradientHeatmap";
import { InsightCharts } from "./insight/InsightCharts";
import { LiveBoundary } from "./LiveBoundary";
import { LiveWeights } from "./weights/LiveWeights";
import { anyNormZero, normIsZero } from "./gradientZeros";
import { LineChart, type ChartSeries, type ZeroAt } from "./LineChart";
import { LossChart } from "./LossChart";
import { formatLr, LrChart } from "./LrChart";
import type { PreviousRun } from "./previous/previousOverlay";

const NO_FINITE_GRADIENTS =
  "No gradient norm to show: the gradients were not finite (inf or NaN) at every step recorded, as the run diverged first.";
const ALL_ZERO_GRADIENTS = "No gradient norm above 0 to draw on a log scale: the gradients were 0 (they died), as the heatmap shows.";

interface Props {
  tally: RunTally;
  version: number;
  classification: boolean;
  /** A learning-rate range test: no epoch ends, and its rate rises exponentially. */
  rangeTest?: boolean;
  /** The run's learning-rate schedule (a torch.optim.lr_scheduler name); null: none. */
  schedule?: string | null;
  /** An earlier run, drawn faintly under the loss and the epochs' curves (previous/); null: none. */
  previous?: PreviousRun | null;
  /** The dataset's feature and class names, where known: the weights drawing's inputs and outputs. */
  inputNames?: string[] | null;
  outputNames?: string[] | null;
}

export function RunCharts({ tally, version, classification, rangeTest = false, schedule = null, previous = null, inputNames = null, outputNames = null }: Props) {
  const [view, setView] = useState<ChartView>(DEFAULT_VIEW);
  const [gradView] = useState(() => new SeriesView());
  const gradShown = gradView.indices(tally, tally.gradNorms, tally.steps.length);
  const gradSeries: ChartSeries[] = tally.gradLayers.map((layer, i) => ({ label: layer, ...seriesStyle(i) }));
  const lr = constantLr(tally.lrs);
  const noDrawnNorm = tally.steps.length > 0 && tally.gradLayers.length > 0 && tally.gradNorms.every((norms) => norms.every((norm) => norm === null));
  const zeros = anyNormZero(tally);
  const gradBlank = noDrawnNorm && !zeros ? NO_FINITE_GRADIENTS : null;
  // The drawn point `index` is progress frame gradShown[index]; the latest is the last frame.
  const gradZeroAt: ZeroAt = (layer, index) => normIsZero(tally, layer, index === null ? null : (gradShown[index] ?? -1));
  return (
    <div className="charts-frame">
      <div className="charts">
        <LossChart tally={tally} version={version} view={view} onView={setView} previous={previous} />
        {!rangeTest && <EpochChart tally={tally} version={version} classification={classification} previous={previous} />}
        <LiveBoundary tally={tally} />
        <LiveWeights tally={tally} inputNames={inputNames} outputNames={outputNames} />
        {/* The norms' two views, one above the other: side by side, each left a gap under the other. */}
        <div className="chart-column">
          <LineChart
            title={`Gradient norm per layer (log scale${view.smoothing > 0 ? `, smoothed ${view.smoothing.toFixed(2)} as the loss` : ""})`}
            xLabel="step"
            series={gradSeries}
            axes={[{ scale: "y", label: "‖grad‖", log: true }]}
            data={[pickX(tally.steps, gradShown), ...tally.gradNorms.map((norms, i) => (view.smoothing > 0 ? gradView.smoothed(i, gradShown, view.smoothing) : pick(norms, gradShown)))]}
            points={tally.steps.length}
            version={version}
            testId="grad-chart"
            emptyText={noStepsText(tally)}
            blankText={noDrawnNorm && zeros ? ALL_ZERO_GRADIENTS : gradBlank}
            zeroAt={gradZeroAt}
            about={ABOUT.gradients}
          />
          <GradientHeatmap tally={tally} version={version} blankText={gradBlank} />
        </div>
        <InsightCharts tally={tally} version={version} />
        {lr !== null || tally.lrs.length === 0 ? (
          <p className="chart chart-note" data-testid="lr-constant">
            <strong>Learning rate</strong> {lr === null ? "—" : constantLrText(formatLr(lr), schedule)}
          </p>
        ) : (
          <LrChart tally={tally} version={version} log={rangeTest} />
        )}
      </div>
    </div>
  );
}
