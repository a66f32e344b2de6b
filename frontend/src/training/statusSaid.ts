// What a screen reader hears when a run's state changes: the page shows it in a badge and new
// buttons, which a live region did not say ("Nothing is said when a run finishes").
import type { EndEvent, RunStatus } from "../api/types";
import { endMessage } from "./endMessage";

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** One sentence for the run's state; a finished run's with its validation result. */
export function statusSaid(status: RunStatus, end: EndEvent | null, classification: boolean): string {
  switch (status) {
    case "queued":
      return "Queued: waiting for a worker.";
    case "running":
      return "Training.";
    case "paused":
      return "Paused. Resume goes on from here.";
    // The end message, as the page shows it: "Stopped at step 3,348.", "Cancelled before it started."
    case "cancelled":
      return end?.message ? endMessage(end.message) : "Stopped.";
    case "failed":
      return `Failed: ${end?.message ? endMessage(end.message) : "see the message on the page"}`;
    case "succeeded": {
      const metrics = end?.metrics;
      const accuracy = classification ? metrics?.val_accuracy : null;
      const result =
        accuracy !== null && accuracy !== undefined
          ? `, ${percent(accuracy)} validation accuracy`
          : metrics?.val_loss !== null && metrics?.val_loss !== undefined
            ? `, validation loss ${metrics.val_loss.toPrecision(3)}`
            : "";
      return `Finished${result}.`;
    }
  }
}
