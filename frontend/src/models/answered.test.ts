import { describe, expect, it } from "vitest";
import type { Prediction } from "../api/types";
import { answered } from "./PredictionView";

const base: Prediction = { classes: ["a", "b", "c"], probabilities: [1, 1, 0], values: null, elapsed_ms: 1 };

describe("answered", () => {
  it("is the class the server says, where clamped probabilities tie", () => {
    expect(answered({ ...base, predicted: "b" })).toBe(1);
  });
  it("is the likeliest where the server said none", () => {
    expect(answered({ ...base, probabilities: [0.2, 0.1, 0.7] })).toBe(2);
  });
});
