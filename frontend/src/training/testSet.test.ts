import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { heldOut, testSetProblem, withoutTestSet } from "./testSet";

describe("heldOut", () => {
  it("counts the test rows as the server does", () => {
    expect(heldOut(1437, 0.1)).toBe(144); // ceil(143.7), as tests/backend/test_held_out.py finds
    expect(heldOut(64, 0.25)).toBe(16);
    expect(heldOut(3, 0.01)).toBe(1); // at least one
    expect(heldOut(2, 0.5)).toBe(1); // never all
    expect(heldOut(1437, 0)).toBe(0);
    expect(heldOut(1, 0.5)).toBe(0);
  });
  it("leaves the rest to train on", () => {
    const digits = { name: "digits", train_size: 1437, val_size: 360 } as DatasetSpec;
    expect(withoutTestSet(digits, 0.1)?.train_size).toBe(1293);
    expect(withoutTestSet(digits, 0)).toBe(digits);
  });
});

describe("testSetProblem", () => {
  const digits = { title: "Handwritten digits (8×8)", task: "classification", classes: "0123456789".split(""), train_size: 1437 } as DatasetSpec;
  it("says what the server says of a share too small for every class", () => {
    expect(testSetProblem(digits, 0.005)).toBe(
      "test_fraction 0.005 holds out 8 of the 1,437 training samples of `Handwritten digits (8×8)`, fewer than its 10 classes: set it to at least 0.007, so that every class can be tested, or to 0 for no test set.",
    );
    expect(testSetProblem(digits, 0.007)).toBeNull();
    expect(testSetProblem(digits, 0)).toBeNull();
    const wine = { ...digits, title: "Wine", classes: ["a", "b", "c"], train_size: 142 };
    expect(testSetProblem(wine, 0.001)).toContain("at least 0.015,"); // the least that works
    expect(testSetProblem(wine, 0.015)).toBeNull();
  });
  it("says when a set is too small for any test set", () => {
    const tiny = { ...digits, title: "tiny.csv", classes: ["a", "b", "c"], train_size: 4 };
    expect(testSetProblem(tiny, 0.1)).toMatch(/^`tiny.csv` has 4 training samples: too few to keep a test set/);
    expect(testSetProblem({ ...digits, task: "regression", classes: null, train_size: 3 }, 0.5)).toBeNull();
  });
});
