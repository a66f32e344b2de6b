import { describe, expect, it } from "vitest";
import type { NumberBounds } from "../api/types";
import { numberProblem, paramBounds, rangeText } from "./numberBounds";

// As the server's catalogue gives them for TrainingSettings' lr (gt=0, le=10) and epochs (ge=1, le=1000).
const lr: NumberBounds = { integer: false, min: 0, min_exclusive: true, max: 10, max_exclusive: false };
const epochs: NumberBounds = { integer: true, min: 1, min_exclusive: false, max: 1000, max_exclusive: false };

describe("rangeText", () => {
  it("says the range in words", () => {
    expect(rangeText(lr)).toBe("a number above 0, at most 10");
    expect(rangeText(epochs)).toBe("a whole number from 1 to 1,000");
    expect(rangeText({ integer: false, min_exclusive: false, max_exclusive: false })).toBe("a number");
  });
});

describe("numberProblem", () => {
  it("accepts numbers in range", () => {
    expect(numberProblem("0.001", lr)).toBeNull();
    expect(numberProblem("10", lr)).toBeNull();
    expect(numberProblem("1", epochs)).toBeNull();
  });

  it("says what is wrong and what to use", () => {
    expect(numberProblem("-1", lr)).toBe("-1 is too small; use a number above 0, at most 10.");
    expect(numberProblem("0", lr)).toBe("0 is too small; use a number above 0, at most 10.");
    expect(numberProblem("1000", lr)).toBe("1000 is too large; use a number above 0, at most 10.");
    expect(numberProblem("0", epochs)).toBe("0 is too small; use a whole number from 1 to 1,000.");
    expect(numberProblem("2.5", epochs)).toBe("2.5 is not a whole number; use a whole number from 1 to 1,000.");
    expect(numberProblem("", epochs)).toBe("Enter a whole number from 1 to 1,000.");
  });
});

describe("paramBounds", () => {
  it("reads a catalogue param's range as inclusive bounds", () => {
    const momentum = { name: "momentum", kind: "float", default: 0.9, min: 0, max: 0.999, help: "" } as const;
    expect(numberProblem("0.999", paramBounds(momentum))).toBeNull();
    expect(numberProblem("1", paramBounds(momentum))).toBe("1 is too large; use a number from 0 to 0.999.");
    const stepSize = { name: "step_size", kind: "int", default: 5, min: 1, max: 1000, help: "" } as const;
    expect(numberProblem("1.5", paramBounds(stepSize))).toBe("1.5 is not a whole number; use a whole number from 1 to 1,000.");
  });
});
