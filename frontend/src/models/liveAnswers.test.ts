import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { busyWaitMs, isBusy } from "./liveAnswers";

describe("busyWaitMs", () => {
  it("waits longer each busy answer in a row, 8 s at most", () => {
    expect([1, 2, 3, 4, 5, 12].map(busyWaitMs)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe("isBusy", () => {
  it("takes 429 and 503 for busy, and any other refusal for good", () => {
    expect(isBusy(new ApiError("too many", 429))).toBe(true);
    expect(isBusy(new ApiError("busy", 503))).toBe(true);
    expect(isBusy(new ApiError("not a picture", 422))).toBe(false);
    expect(isBusy(new TypeError("Failed to fetch"))).toBe(false);
  });
});
