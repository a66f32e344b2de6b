import { describe, expect, it } from "vitest";
import { liveCount, tallyText } from "./liveTally";

describe("tallyText", () => {
  it("says what the runs that have not ended are doing, leaving out what none is doing", () => {
    const tally = { running: 1, paused: 1, queued: 2 };
    expect(liveCount(tally)).toBe(4);
    expect(tallyText(tally)).toBe("1 running · 1 paused · 2 queued");
    expect(tallyText({ running: 0, paused: 1, queued: 0 })).toBe("1 paused");
    expect(tallyText({ running: 0, paused: 0, queued: 0 })).toBe("");
  });
});
