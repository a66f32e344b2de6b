// What a run was trained with, in a line: runs of one design are all named after it, and a new
// user's seven "network 1" runs differed in the previous-run menu only by their ids.
import type { RunInfo } from "../../api/types";
import { currentRate } from "../continueRate";

/** "Adam lr 0.001", "Adam lr 0.001 → 0.05" where a Continue gave it a new rate, "lr finder". */
export function trainedWith(run: RunInfo): string {
  if (run.training.range_test) return "lr finder";
  const now = currentRate(run);
  return `${run.training.optimizer} lr ${run.training.lr}${now === run.training.lr ? "" : ` → ${now}`}`;
}
