// A queued run's wait in words, from the server's estimate (runs/queue_wait.py): the epochs the
// runs ahead of it have left, at the time per epoch each has taken so far.

/** "about 3 min", "under a minute", or "unknown yet" (null: no run ahead has trained an epoch). */
export function queueWaitText(seconds: number | null): string {
  if (seconds === null) return "unknown yet";
  if (seconds < 45) return "under a minute";
  return `about ${Math.max(1, Math.round(seconds / 60))} min`;
}

/** What the estimate rests on, for its tooltip. */
export function queueWaitTitle(seconds: number | null): string {
  return seconds === null
    ? "Known once a run it waits for has trained an epoch: its epochs left, at its time per epoch so far."
    : "The epochs the runs ahead have left, at the time per epoch each has taken so far: a rough guide, since a run may stop early or be paused.";
}
