import { describe, expect, it } from "vitest";
import { deadOver } from "./Histograms";

describe("deadOver", () => {
  it("says a full look's samples as they are", () => {
    expect(deadOver(64)).toBe("all 64 samples");
    expect(deadOver(300)).toBe("all 300 samples");
  });
  it("says a run's last look over fewer samples is one", () => {
    expect(deadOver(13)).toBe("all 13 samples (a look near a run's end; others take at least 64)");
    expect(deadOver(1)).toBe("all 1 sample (a look near a run's end; others take at least 64)");
  });
  it("says an old event's batch", () => {
    expect(deadOver(undefined)).toBe("the whole batch");
  });
});
