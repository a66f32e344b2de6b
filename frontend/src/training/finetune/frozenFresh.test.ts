import { describe, expect, it } from "vitest";
import { frozenFreshWarning } from "./frozenFresh";
import type { StartMatch } from "./useStartMatch";

const match: StartMatch = {
  problem: null,
  match: {
    run_id: "abc",
    tensors: ["fc2.weight", "fc2.bias"],
    unused: [],
    summary: "",
    layers: [
      { layer: "fc1", copied: ["bias"], fresh: ["weight (64, 4) → (64, 5)"] },
      { layer: "fc2", copied: ["weight", "bias"], fresh: [] },
      { layer: "head", copied: [], fresh: ["weight not in run abc", "bias not in run abc"] },
    ],
  },
};

describe("frozenFreshWarning", () => {
  it("says nothing when every frozen layer is copied, or nothing is frozen", () => {
    expect(frozenFreshWarning(["fc2"], "abc", match)).toBeNull();
    expect(frozenFreshWarning([], null, null)).toBeNull();
  });
  it("names a frozen layer the run does not give, and why", () => {
    expect(frozenFreshWarning(["fc1", "fc2"], "abc", match)).toBe(
      "fc1 is frozen but run abc does not give all its tensors (fc1: weight (64, 4) → (64, 5)), so those would keep " +
        "their random start: untick it, or give it the id and sizes it has in that run.",
    );
    expect(frozenFreshWarning(["fc1", "head"], "abc", match)).toContain("fc1 and head are frozen but run abc does not give all their tensors");
  });
  it("warns that fresh weights stay random when no run is chosen", () => {
    expect(frozenFreshWarning(["fc1"], null, null)).toBe(
      "fc1 is frozen but the weights are fresh, so it would keep its random start: choose a run in Start from, or untick it.",
    );
  });
  it("waits while the match is not known", () => {
    expect(frozenFreshWarning(["fc1"], "abc", null)).toBeNull();
  });
});
