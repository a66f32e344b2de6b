// The selected runs' curves laid over one another: validation loss and accuracy per epoch, and
// training loss per step, one line (and legend entry) per run in the run's colour.
import type { RunInfo } from "../../api/types";
import { LineChart } from "../LineChart";
import { align, type RunCurves } from "./overlay";
import { overlayLabels } from "./overlayLabels";

/** The comparison's element id: it sits under the table, which may be long. */
export const OVERLAY_ID = "runs-compared";

interface Props {
  runs: RunInfo[];
  curves: Record<string, RunCurves>;
  colourOf: (id: string) => string | undefined;
}

export function RunsOverlay({ runs, curves, colourOf }: Props) {
  const shown = runs.filter((run) => curves[run.id]);
  if (shown.length === 0) return null;
  const labels = overlayLabels(shown);
  const series = shown.map((run, i) => ({ label: labels[i]!, color: colourOf(run.id)!, points: true }));
  const chart = (pick: (c: RunCurves) => { xs: number[]; ys: (number | null)[] }) => align(shown.map((run) => pick(curves[run.id]!)));
  // Redraw when a run is added or removed, or any run has more points.
  const version = shown.reduce((sum, run, i) => sum + (i + 1) * 7919 + curves[run.id]!.steps.length, 0);
  const classification = shown.some((run) => curves[run.id]!.valAccuracy.some((v) => v != null));

  return (
    <section className="panel charts runs-overlay" id={OVERLAY_ID} data-testid="runs-overlay" data-runs={shown.map((run) => run.id).join(" ")} aria-label="Selected runs compared">
      <LineChart title="Validation loss per epoch" xLabel="epoch" series={series} axes={[{ scale: "y", label: "val loss" }]} data={chart((c) => ({ xs: c.epochs, ys: c.valLoss }))} version={version} testId="overlay-val-loss" emptyText="No epochs yet." />
      {classification && (
        <LineChart title="Validation accuracy per epoch" xLabel="epoch" series={series} axes={[{ scale: "y", label: "accuracy %", range: [0, 100] }]} data={chart((c) => ({ xs: c.epochs, ys: c.valAccuracy }))} version={version} testId="overlay-accuracy" emptyText="No epochs yet." />
      )}
      <LineChart title="Training loss per step" xLabel="step" series={series.map((s) => ({ ...s, points: false }))} axes={[{ scale: "y", label: "loss" }]} data={chart((c) => ({ xs: c.steps, ys: c.losses }))} version={version} testId="overlay-loss" emptyText="No steps yet." />
    </section>
  );
}
