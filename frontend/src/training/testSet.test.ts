import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { heldOut, withoutTestSet } from "./testSet";

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
