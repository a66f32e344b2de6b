// The compared runs' legend names: a run's name and short id, then its optimizer and learning
// rate only where the runs differ in them; a legend entry is one line, cut where it is too long.
import type { RunInfo } from "../../api/types";
import { runName } from "./runList";

const settings = (run: RunInfo) => `${run.training.optimizer} lr ${run.training.lr}`;

export function overlayLabels(runs: RunInfo[]): string[] {
  const shared = runs.length > 1 && new Set(runs.map(settings)).size === 1;
  return runs.map((run) => `${runName(run)} · ${run.id.slice(0, 6)}${shared ? "" : ` · ${settings(run)}`}`);
}
