// The newest `count` runs of this browser (those the server's filters keep), and whether it has older ones: one
// request while `count` fits in the server's page (1000 at most), more after each other's last run
// (the `before` cursor) beyond that; and how often the runs page asks for them again.
import type { RunInfo, RunStatus } from "../../api/types";
import type { RunKind } from "./runList";

/** Runs the page lists at first, and adds each time Show older runs is pressed. */
export const RUNS_PAGE = 200;
/** The most GET /api/runs answers at once (its `limit`'s bound). */
export const SERVER_PAGE = 1000;

/** What the server filters the runs by: every filter of the runs page. */
export interface RunsAsked {
  /** Text the runs are found by. */
  q?: string;
  /** The states kept; absent: every run. */
  status?: RunStatus[];
  /** A sweep's runs alone. */
  group?: string;
  /** A dataset's runs alone, by its name. */
  dataset?: string;
  /** Training runs alone, or range tests alone; absent: both. */
  kind?: RunKind;
}

export interface RunsQuery extends RunsAsked {
  limit: number;
  before?: string;
}

export interface NewestRuns {
  runs: RunInfo[];
  /** Whether the server has runs older than these. */
  more: boolean;
}

/** Asks `page` (GET /api/runs) for one run more than `count`, so that the answer says whether
 * older ones remain without a second request. */
export async function newestRuns(page: (query: RunsQuery) => Promise<RunInfo[]>, count: number, asked: RunsAsked = {}): Promise<NewestRuns> {
  const runs: RunInfo[] = [];
  for (;;) {
    const limit = Math.min(SERVER_PAGE, count + 1 - runs.length);
    const last = runs.at(-1);
    const got = await page({ limit, ...asked, ...(last ? { before: last.id } : {}) });
    runs.push(...got);
    if (got.length < limit || runs.length > count) break;
  }
  return { runs: runs.slice(0, count), more: runs.length > count };
}

const POLL_MS = 2000;

/** How long before the list is asked for again: 2 s while a run is live (6 s otherwise, to see
 * runs started elsewhere), as long again for each further 200 runs listed, so that a long list
 * costs the server about what the first page does. */
export function pollDelay(count: number, live: boolean): number {
  return (live ? POLL_MS : POLL_MS * 3) * Math.max(1, Math.ceil(count / RUNS_PAGE));
}
