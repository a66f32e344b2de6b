// The model page's Epochs row: the epochs trained of those planned, as the run's page says
// "43 of 60 epochs done". A run stopped at epoch 43 of its 60 read "60", its plan.
import type { RunStatus } from "../api/types";
import { statusLabel } from "../training/statusLabel";

/** Why a run trained fewer epochs than planned, in the run's own words. */
function why(status: RunStatus, steps: number): string {
  if (status === "succeeded") return "ended early"; // early stopping, or a schedule that ended it
  if (status === "running") return "training";
  return statusLabel(status, steps); // stopped, paused, queued, failed
}

/** "60" when the run trained its plan, else "43 of 60 (stopped)". */
export function epochsText(planned: number, trained: number, status: RunStatus, steps: number): string {
  if (trained >= planned) return String(planned);
  return `${trained} of ${planned} (${why(status, steps)})`;
}
