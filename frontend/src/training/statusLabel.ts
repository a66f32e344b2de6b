// A run's status as a person reads it. The API says `cancelled` for every run that was stopped;
// one that had trained and was stopped reads "stopped", and only one stopped before it took a step
// reads "cancelled".
import type { RunStatus } from "../api/types";
import { formatCount } from "../editor/format";

/** The word shown for a status; `steps` is how many training steps the run took. */
export function statusLabel(status: RunStatus, steps: number): string {
  return status === "cancelled" && steps > 0 ? "stopped" : status;
}

/** What the word means, for a title on it. */
export function statusTitle(status: RunStatus, steps: number): string | undefined {
  if (status !== "cancelled") return undefined;
  return steps > 0
    ? `Stopped at step ${formatCount(steps)}: its weights are kept, and Continue goes on from there`
    : "Cancelled before it took a training step";
}
