import { describe, expect, it } from "vitest";
import { liveCount, tallyOf, tallyText } from "./liveTally";

describe("tallyText", () => {
  it("says what the runs that have not ended are doing, leaving out the ended", () => {
    const tally = tallyOf(["running", "paused", "succeeded", "queued", "queued", "failed", "cancelled"]);
    expect(tally).toEqual({ running: 1, paused: 1, queued: 2 });
    expect(liveCount(tally)).toBe(4);
    expect(tallyText(tally)).toBe("1 running · 1 paused · 2 queued");
    expect(tallyText(tallyOf(["paused"]))).toBe("1 paused");
    expect(tallyText(tallyOf(["succeeded"]))).toBe("");
  });
});
