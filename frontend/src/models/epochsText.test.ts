import { describe, expect, it } from "vitest";
import { epochsText } from "./epochsText";

describe("epochsText", () => {
  it("says the plan when the run trained it", () => {
    expect(epochsText(60, 60, "succeeded", 1380)).toBe("60");
  });

  it("says how far a run that ended before its plan got, and why", () => {
    expect(epochsText(60, 43, "cancelled", 989)).toBe("43 of 60 (stopped)");
    expect(epochsText(60, 43, "succeeded", 989)).toBe("43 of 60 (ended early)");
    expect(epochsText(60, 12, "failed", 276)).toBe("12 of 60 (failed)");
    expect(epochsText(60, 12, "running", 276)).toBe("12 of 60 (training)");
    expect(epochsText(60, 12, "paused", 276)).toBe("12 of 60 (paused)");
  });
});
