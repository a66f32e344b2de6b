import { describe, expect, it } from "vitest";
import { localTimes } from "./serverTimes";

describe("localTimes", () => {
  const now = new Date(2026, 11, 6, 12, 0, 0);
  // The reader's zone is the machine's: the moment is read back in it.
  const local = (at: Date) => `${at.getDate()} ${at.toLocaleDateString("en-GB", { month: "short" })}, ${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;

  it("writes a deleted run's time in the reader's zone, and leaves the rest", () => {
    const text = "You deleted run abc on 2026-12-06 06:40 UTC: its charts went, 2026-12-06 06:40 UTC.";
    const at = new Date(Date.UTC(2026, 11, 6, 6, 40));
    expect(localTimes(text, now)).toBe(`You deleted run abc on ${local(at)}: its charts went, 2026-12-06 06:40 UTC.`);
  });

  it("names the year of another year's time", () => {
    expect(localTimes("You deleted run abc on 2025-06-15 12:00 UTC: gone.", now)).toMatch(/^You deleted run abc on \d+ Jun 2025, \d\d:\d\d: gone\.$/);
  });

  it("leaves a time another message quotes from a person's data as it is", () => {
    const said = "Column `ts` holds text ('2024-03-01 12:00 UTC' on line 2): leave it out.";
    expect(localTimes(said, now)).toBe(said);
  });
});
