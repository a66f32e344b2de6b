import { describe, expect, it } from "vitest";
import { FEW_LOOKS, fewLooks } from "./fewLooks";

describe("fewLooks", () => {
  it("says why a short run's chart has few points", () => {
    expect(fewLooks(2)).toBe(
      "Looked inside 2 times: a look comes at most once a second, so a short run has few points, and the lines between them are drawn, not measured.",
    );
    expect(fewLooks(1)).toMatch(/^Looked inside once:/);
  });

  it("says nothing with no look, or enough of them", () => {
    expect(fewLooks(0)).toBeNull();
    expect(fewLooks(FEW_LOOKS)).toBeNull();
  });
});
