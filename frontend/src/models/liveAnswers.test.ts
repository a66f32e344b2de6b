import { describe, expect, it } from "vitest";
import { busyWaitMs } from "./liveAnswers";

describe("busyWaitMs", () => {
  it("waits longer each busy answer in a row, 8 s at most", () => {
    expect([1, 2, 3, 4, 5, 12].map(busyWaitMs)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
