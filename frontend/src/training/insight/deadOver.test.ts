import { describe, expect, it } from "vitest";
import { deadOver } from "./Histograms";

describe("deadOver", () => {
  it("says a full look's samples as they are", () => {
    expect(deadOver(64)).toBe("all 64 training samples looked at");
    expect(deadOver(300)).toBe("all 300 training samples looked at");
  });
  it("says a run's last look over fewer samples is one", () => {
    expect(deadOver(13)).toBe("all 13 training samples looked at (a look near a run's end; others take at least 64)");
    expect(deadOver(1)).toBe("all 1 training sample looked at (a look near a run's end; others take at least 64)");
  });
  it("says an old event's batch", () => {
    expect(deadOver(undefined)).toBe("the whole batch");
  });
});
