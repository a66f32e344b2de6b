// Whether runs' losses read against each other: each loss has its own scale (MSE squares every
// error, L1 does not, Huber squares only the small ones), and a dataset's target sets the scale
// too. A review read Huber's 0.008 as twelve times better than L1's 0.10, on the same errors.
import type { RunInfo } from "../../api/types";
import { datasetLabels } from "../datasetLabel";
import { datasetTitle } from "./runList";

export interface Unlike {
  /** The runs' losses, each once in the runs' order, where they are not all one; else empty. */
  losses: string[];
  /** Likewise their datasets, by title ("machines.csv · 3f9a0c" where two share one). */
  datasets: string[];
}

export function unlikeOf(runs: RunInfo[]): Unlike {
  const losses = [...new Set(runs.map((run) => run.training.loss))];
  const datasets = [...new Map(runs.map((run) => [run.training.dataset, { name: run.training.dataset, title: datasetTitle(run) }])).values()];
  const labels = datasetLabels(datasets);
  return { losses: losses.length > 1 ? losses : [], datasets: datasets.length > 1 ? datasets.map((d) => labels.get(d.name)!) : [] };
}

/** Where `unlike` says the runs differ, why their loss curves do not say which is better, and
 * what does: `subject` is who differs ("These runs"), `classification` whether they have an accuracy. */
export function unlikeNote(unlike: Unlike, subject: string, classification: boolean): string | null {
  const losses = unlike.losses.join(", ");
  if (unlike.datasets.length > 0) {
    const alsoLosses = losses ? ` with different losses (${losses})` : "";
    return `${subject} train on different datasets (${unlike.datasets.join(", ")})${alsoLosses}: their losses are measured on different targets, on different scales, so these curves show how each run learned, not which run is better.`;
  }
  if (!losses) return null;
  const instead = classification ? "their validation accuracy" : "their errors in the target's units (“Off by … on average” under Predicted against true, on each run's page)";
  return `${subject} use different losses (${losses}): their loss values are on different scales, so compare ${instead} rather than these loss curves.`;
}
