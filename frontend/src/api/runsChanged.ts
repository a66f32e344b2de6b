// A run this page shows has changed its status (begun, paused, ended): whatever counts runs
// asks again now rather than at its next poll, so the top bar agrees with the run's page.
const RUNS_CHANGED = "torchcanvas:runs-changed";

export function announceRunsChanged(): void {
  window.dispatchEvent(new Event(RUNS_CHANGED));
}

/** Calls `listener` on each announcement; returns what stops it. */
export function onRunsChanged(listener: () => void): () => void {
  window.addEventListener(RUNS_CHANGED, listener);
  return () => window.removeEventListener(RUNS_CHANGED, listener);
}
