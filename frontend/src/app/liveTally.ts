// The top bar's words for this browser's runs that have not ended, by what each is doing.

export type LiveStatus = "running" | "paused" | "queued";
/** As GET /api/run-tally answers. */
export type LiveTally = Record<LiveStatus, number>;

const LIVE: LiveStatus[] = ["running", "paused", "queued"];

export function liveCount(tally: LiveTally): number {
  return tally.running + tally.paused + tally.queued;
}

/** "2 running · 1 paused · 3 queued", leaving out what none is doing; "" when none. */
export function tallyText(tally: LiveTally): string {
  return LIVE.filter((status) => tally[status] > 0)
    .map((status) => `${tally[status]} ${status}`)
    .join(" · ");
}
