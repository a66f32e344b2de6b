// The selected runs' curves laid over one another: validation loss and accuracy per epoch, and
// training loss per step, one line (and legend entry) per run in the run's colour; above them, the
// settings the runs differ in, and a note where they differ in loss or dataset (UnlikeNote). The
// loss charts offer a log scale, as a run's own loss chart does, and start on it where the curves
// span decades; the step losses are smoothed as there too.
import { useState } from "react";
import type { RunInfo } from "../../api/types";
import { LogScaleToggle, SmoothingSlider, XAxisSelect } from "../ChartControls";
import { DEFAULT_VIEW, type XAxis } from "../chartView";
import { LineChart } from "../LineChart";
import { align, hasAccuracy, smoothedLosses, spansDecades, type RunCurves } from "./overlay";
import { overlayLabels } from "./overlayLabels";
import type { LayerDefaults } from "./settingsDiff";
import { SettingsDiffTable } from "./SettingsDiffTable";
import { BestRuns } from "./BestRuns";
import { UnlikeNote } from "./UnlikeNote";
import { unlikeOf } from "./unlikeRuns";
import { runName } from "./runList";
import { scrollBehavior } from "../../editor/scrollMotion";

/** The comparison's element id: it sits under the table, which may be long. */
export const OVERLAY_ID = "runs-compared";

/** Brings the comparison into view and gives it the focus, so Tab goes on through it (scrolled to
 * alone, the focus stayed on the link above the table). */
export function showCompared(): void {
  const overlay = document.getElementById(OVERLAY_ID);
  overlay?.focus({ preventScroll: true });
  overlay?.scrollIntoView({ behavior: scrollBehavior() });
}

interface Props {
  runs: RunInfo[];
  curves: Record<string, RunCurves>;
  colourOf: (id: string) => string | undefined;
  /** Each layer type's param defaults (the catalogue's), which the settings compared leave out. */
  layerDefaults: LayerDefaults;
}

export function RunsOverlay({ runs, curves, colourOf, layerDefaults }: Props) {
  // null: not chosen yet, so log where the curves span decades (spansDecades), else linear.
  const [valLogChosen, setValLog] = useState<boolean | null>(null);
  const [lossLogChosen, setLossLog] = useState<boolean | null>(null);
  // By epoch: runs of other batch sizes take other numbers of steps over the same data.
  const [lossX, setLossX] = useState<XAxis>("epoch");
  // A batch of 8 drew each step's loss as a band decades wide: smoothed as on a run's own page.
  const [smoothing, setSmoothing] = useState(DEFAULT_VIEW.smoothing);
  // A range test's rate rises each step instead of training: beside training runs its curve read
  // as a run of as many epochs (an audit). Compared with each other alone, range tests are drawn.
  const training = runs.filter((run) => !run.training.range_test);
  const rangeTests = training.length > 0 ? runs.filter((run) => run.training.range_test) : [];
  const shown = (training.length > 0 ? training : runs).filter((run) => curves[run.id]);
  if (shown.length === 0) return null;
  const labels = overlayLabels(shown);
  const series = shown.map((run, i) => ({ label: labels[i]!, color: colourOf(run.id)!, points: true }));
  const chart = (pick: (c: RunCurves) => { xs: number[]; ys: (number | null)[] }) => align(shown.map((run) => pick(curves[run.id]!)));
  // Redraw when a run is added or removed, or any run has more points.
  const version = shown.reduce((sum, run, i) => sum + (i + 1) * 7919 + curves[run.id]!.steps.length, 0);
  const classification = shown.some((run) => curves[run.id]!.valAccuracy.some((v) => v != null));
  // The accuracy chart draws the runs that have one; those that predict numbers are named under it.
  const scored = shown.flatMap((run, i) => (hasAccuracy(curves[run.id]!) ? [i] : []));
  const unscored = shown.flatMap((run, i) => (hasAccuracy(curves[run.id]!) ? [] : [labels[i]!]));
  const valLog = valLogChosen ?? spansDecades(shown.map((run) => curves[run.id]!.valLoss));
  const lossLog = lossLogChosen ?? spansDecades(shown.map((run) => curves[run.id]!.losses));
  const valControls = (
    <span className="chart-controls">
      <LogScaleToggle checked={valLog} onChange={setValLog} testId="overlay-val-loss-log" chart="Validation loss per epoch" />
    </span>
  );
  const lossControls = (
    <span className="chart-controls">
      <LogScaleToggle checked={lossLog} onChange={setLossLog} testId="overlay-loss-log" chart="Training loss, each step" />
      <SmoothingSlider value={smoothing} onChange={setSmoothing} chart="Training loss, each step" testId="overlay-loss-smoothing" />
      <XAxisSelect chart="Training loss, each step" value={lossX} choices={["epoch", "step"]} onChange={setLossX} testId="overlay-loss-x-axis" />
    </span>
  );

  return (
    <section className="panel charts runs-overlay" id={OVERLAY_ID} tabIndex={-1} data-testid="runs-overlay" data-runs={shown.map((run) => run.id).join(" ")} aria-label="Selected runs compared">
      <SettingsDiffTable runs={shown} colourOf={colourOf} layerDefaults={layerDefaults} />
      <BestRuns runs={shown} labels={new Map(shown.map((run, i) => [run.id, labels[i]!]))} colourOf={colourOf} />
      <UnlikeNote unlike={unlikeOf(shown)} subject="These runs" classification={classification} testId="overlay-unlike" />
      {rangeTests.length > 0 && (
        <p className="muted" data-testid="overlay-range-tests">
          Not drawn: {rangeTests.map((run) => `${runName(run)} · ${run.id.slice(0, 6)}`).join(", ")}. A learning-rate range test raises its rate at each step rather than training, so its loss does not compare with a training run's; open it for its loss against the rate.
        </p>
      )}
      <LineChart title="Validation loss per epoch" xLabel="epoch" series={series} axes={[{ scale: "y", label: "val loss", log: valLog }]} data={chart((c) => ({ xs: c.epochs, ys: c.valLoss }))} version={version} testId="overlay-val-loss" emptyText="No epochs yet." controls={valControls} />
      {classification && (
        <LineChart
          title="Validation accuracy per epoch"
          xLabel="epoch"
          series={scored.map((i) => series[i]!)}
          axes={[{ scale: "y", label: "accuracy %", range: [0, 100] }]}
          data={align(scored.map((i) => ({ xs: curves[shown[i]!.id]!.epochs, ys: curves[shown[i]!.id]!.valAccuracy })))}
          version={version * 31 + scored.length}
          testId="overlay-accuracy"
          emptyText="No epochs yet."
          note={unscored.length > 0 ? `Not drawn: ${unscored.join(", ")}. ${unscored.length === 1 ? "It predicts numbers and has no accuracy; compare its" : "They predict numbers and have no accuracy; compare their"} validation loss.` : undefined}
        />
      )}
      <LineChart
        title="Training loss, each step"
        xLabel={lossX}
        series={series.map((s) => ({ ...s, points: false }))}
        axes={[{ scale: "y", label: "loss", log: lossLog }]}
        data={chart((c) => ({ xs: lossX === "step" ? c.steps : c.stepEpochs, ys: smoothedLosses(c.losses, smoothing) }))}
        version={version * 100 + Math.round(smoothing * 100)}
        testId="overlay-loss"
        emptyText="No steps yet."
        controls={lossControls}
      />
    </section>
  );
}
