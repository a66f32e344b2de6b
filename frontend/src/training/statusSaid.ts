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
    // Not the end message ("Stopped at step 3,348."), which the page shows beside it: the page's
    // text held it twice, and a screen reader read it twice. What Stop left, instead.
    case "cancelled":
      return (end?.metrics.step ?? 0) > 0 ? "Stopped. Its weights are kept, and Continue goes on from there." : "Cancelled before it took a training step.";
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
