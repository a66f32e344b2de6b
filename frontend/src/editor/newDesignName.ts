// The name a new design starts with: "network 1", "network 2", … counted in this browser, so that
// the designs someone starts (and the runs they train) do not all share one name. Renamable as ever.

const KEY = "torchcanvas.designs-started.v1";

/** The next unused "network N" of this browser; each call counts one more design started. */
export function newDesignName(): string {
  let started = 0;
  try {
    started = Number.parseInt(window.localStorage.getItem(KEY) ?? "0", 10) || 0;
    window.localStorage.setItem(KEY, String(started + 1));
  } catch {
    // Storage switched off: every design is "network 1", as it would be on a first visit.
  }
  return `network ${started + 1}`;
}
