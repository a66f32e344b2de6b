// Which of the compared runs did best: the highest validation accuracy and the lowest validation
// loss, each with its run (they may be two runs: one sweep's best accuracy was at lr 1e-2, its
// lowest loss at 1e-3). Runs without the number are left out; a tie names every run that ties.
import type { RunInfo } from "../../api/types";
import { datasetTitle } from "./runList";
import { lossTask } from "./runSort";

export interface Best {
  runs: RunInfo[];
  value: number;
}

function bestBy(runs: RunInfo[], value: (run: RunInfo) => number | null | undefined, better: (a: number, b: number) => boolean): Best | null {
  let best: Best | null = null;
  for (const run of runs) {
    const v = value(run);
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (best === null || better(v, best.value)) best = { runs: [run], value: v };
    else if (v === best.value) best.runs.push(run);
  }
  return best;
}

/** The best of two or more runs by each number, or null where fewer than two have it, or where
 * the runs' numbers do not compare: accuracies of other datasets, losses of another dataset or
 * loss (0.3 of cross-entropy is no better than 0.3 of MSE), as the table's sort keeps them apart. */
export function bestRuns(runs: RunInfo[]): { accuracy: Best | null; loss: Best | null } {
  const having = (value: (run: RunInfo) => number | null | undefined) => runs.filter((run) => Number.isFinite(value(run) ?? Number.NaN)).length >= 2;
  const alike = (key: (run: RunInfo) => string) => new Set(runs.map(key)).size === 1;
  const accuracy = (run: RunInfo) => run.metrics.val_accuracy;
  const loss = (run: RunInfo) => run.metrics.val_loss;
  return {
    accuracy: having(accuracy) && alike(datasetTitle) ? bestBy(runs, accuracy, (a, b) => a > b) : null,
    loss: having(loss) && alike(lossTask) ? bestBy(runs, loss, (a, b) => a < b) : null,
  };
}
