import { describe, expect, it } from "vitest";
import { clockTime, offlineReason, staleLabel } from "./staleness";

const at = new Date(2026, 0, 5, 14, 3, 7).getTime(); // local time, as clockTime reads it

describe("staleness", () => {
  it("writes the time of day with two digits each", () => {
    expect(clockTime(at)).toBe("14:03:07");
  });

  it("marks the status as the last one seen only while out of touch", () => {
    expect(staleLabel("running", null)).toBe("running");
    expect(staleLabel("running", at)).toBe("running (as of 14:03:07)");
  });

  it("gives a reason for a disabled control only while out of touch", () => {
    expect(offlineReason(null)).toBeNull();
    expect(offlineReason(at)).toBe("Lost touch with the server at 14:03:07: this works again once it is back.");
  });
});
