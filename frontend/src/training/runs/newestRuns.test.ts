import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { newestRuns, pollDelay, type RunsQuery } from "./newestRuns";

// A server's list of `total` runs, newest first, paged as GET /api/runs pages them; the queries it was asked.
function server(total: number) {
  const all = Array.from({ length: total }, (_, i) => ({ id: `r${i}` }) as RunInfo);
  const asked: RunsQuery[] = [];
  const page = (query: RunsQuery) => {
    asked.push(query);
    const from = query.before === undefined ? 0 : all.findIndex((run) => run.id === query.before) + 1;
    return Promise.resolve(all.slice(from, from + query.limit));
  };
  return { page, asked };
}

describe("newestRuns", () => {
  it("asks once for one run more than it keeps, to know whether older ones remain", async () => {
    const { page, asked } = server(250);
    const { runs, more } = await newestRuns(page, 200, { q: "lr", status: ["failed", "cancelled"] });
    expect(runs.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => `r${i}`));
    expect(more).toBe(true);
    expect(asked).toEqual([{ limit: 201, q: "lr", status: ["failed", "cancelled"] }]);
  });

  it("says none remain when the server has no more than it asked for", async () => {
    expect((await newestRuns(server(200).page, 200)).more).toBe(false);
    expect((await newestRuns(server(12).page, 200)).runs).toHaveLength(12);
  });

  it("goes on after the last run it has where more are asked for than one answer holds", async () => {
    const { page, asked } = server(2300);
    const { runs, more } = await newestRuns(page, 2200, { group: "g" });
    expect(runs).toHaveLength(2200);
    expect(new Set(runs.map((r) => r.id)).size).toBe(2200);
    expect(runs.at(-1)?.id).toBe("r2199");
    expect(more).toBe(true);
    expect(asked).toEqual([
      { limit: 1000, group: "g" },
      { limit: 1000, group: "g", before: "r999" },
      { limit: 201, group: "g", before: "r1999" },
    ]);
  });

  it("stops at the end of a list the pages end in", async () => {
    const { page, asked } = server(1500);
    const { runs, more } = await newestRuns(page, 2000);
    expect(runs).toHaveLength(1500);
    expect(more).toBe(false);
    expect(asked).toHaveLength(2);
  });
});

describe("pollDelay", () => {
  it("asks every 2 s while a run is live, 6 s otherwise, and as long again for each 200 more listed", () => {
    expect([pollDelay(200, true), pollDelay(200, false)]).toEqual([2000, 6000]);
    expect([pollDelay(201, true), pollDelay(400, true), pollDelay(1000, false)]).toEqual([4000, 4000, 30000]);
    expect(pollDelay(0, true)).toBe(2000);
  });
});
