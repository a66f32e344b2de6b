// A run's status in the runs table: its place and wait in the queue, or "at chance" once it ended.
import type { RunInfo } from "../../api/types";
import { statusLabel, statusTitle } from "../statusLabel";
import { ordinal } from "../QueuePlace";
import { queueWaitText, queueWaitTitle } from "../queueWait";
import { atChance, recordedGuess } from "../verdict";
import { accuracyText } from "../metricText";

/** What the "at chance" mark weighs the run against. */
function chanceTitle(classes: number, guess: number): string {
  const against = guess > 1 / classes ? `always answering the class its validation set holds most of (right ${accuracyText(guess)} of the time)` : `guessing among ${classes} classes taken as even`;
  return `Its accuracy is no better, or barely better, than ${against}: its page says why, and what to try.`;
}

interface Props {
  run: RunInfo;
  /** Its dataset's classes, where known (0: a regression, or unknown). */
  classes: number;
}

export function RunStatusCell({ run, classes }: Props) {
  const guess = recordedGuess(classes, run.metrics.guess_accuracy);
  return (
    <td className={`run-state run-state-${run.status}`} data-testid={`run-status-${run.id}`} title={statusTitle(run.status, run.metrics.step)}>
      {statusLabel(run.status, run.metrics.step)}
      {run.status === "queued" && run.queue_position != null && (
        <small className="run-queue-place" data-testid={`run-queue-place-${run.id}`}>
          {ordinal(run.queue_position)} in the queue
        </small>
      )}
      {run.status === "queued" && run.queue_position != null && (
        <small className="run-queue-place" data-testid={`run-queue-wait-${run.id}`} title={queueWaitTitle(run.queue_wait_seconds ?? null)}>
          wait {queueWaitText(run.queue_wait_seconds ?? null)}
        </small>
      )}
      {(run.status === "succeeded" || run.status === "cancelled") && atChance(run.metrics.val_accuracy, classes, guess) && (
        <small className="run-chance" data-testid={`run-chance-${run.id}`} title={chanceTitle(classes, guess)}>
          at chance
        </small>
      )}
    </td>
  );
}
