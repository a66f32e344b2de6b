import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../../api/types";
import { manyHint } from "./manyHint";

const dataset = (over: Partial<DatasetSpec>): DatasetSpec =>
  ({ name: "d", title: "D", help: "", task: "classification", sample_shape: [2], target_shape: [], classes: ["a", "b"], train_size: 1, val_size: 1, ...over }) as DatasetSpec;

describe("manyHint", () => {
  it("asks a 2-D set's model for x1,x2 whatever features it takes", () => {
    const plane = { noise: 10, train_share: 80, features: ["x1_squared", "sin_x1"] } as DatasetSpec["plane"];
    expect(manyHint([2], dataset({ plane }))).toBe(
      "A CSV with columns x1,x2 (each point; the model computes its features from them) and a column of the true class to see how many are right. Or drop it here.",
    );
  });

  it("names a table's feature columns and counts them past six", () => {
    const names = Array.from({ length: 13 }, (_, i) => `f${i}`);
    const standardisation = { features: names, mean: [], std: [], missing_rows: 0 };
    expect(manyHint([13], dataset({ standardisation, task: "regression" }))).toBe(
      "A CSV with the columns f0, f1, f2, f3, f4, f5 … (13 columns), by name, and one more column of the true value to see how close it comes. Or drop it here.",
    );
  });

  it("says the columns an uploaded table left out may stay", () => {
    const left_out = [
      { column: 1, name: "", why: "index" as const },
      { column: 2, name: "customer_id", why: "chosen" as const },
      { column: 3, name: "signed", why: "chosen" as const },
    ];
    const standardisation = { features: ["spend", "visits"], mean: [], std: [], left_out, missing_rows: 0 };
    expect(manyHint([2], dataset({ standardisation }))).toBe(
      "A CSV with the columns spend, visits, by name, and one more column of the true class (customer_id, signed, left out in training, may stay) to see how many are right. Or drop it here.",
    );
  });

  it("says how the pictures should look, where the dataset says", () => {
    const pictures = { levels: 16, looks: "A white digit on black, filling the square, as the 8×8 digits are." };
    expect(manyHint([1, 8, 8], dataset({ pictures }))).toMatch(/^A white digit on black, filling the square, as the 8×8 digits are\. Several pictures; /);
  });

  it("offers a picture model's pixels as CSV columns too", () => {
    const pictures = { levels: 16 };
    expect(manyHint([1, 8, 8], dataset({ pictures }))).toBe(
      "Several pictures; a ZIP with one folder per class (cats/1.png) to see how many are right; or a CSV of 64 number columns (the 1×8×8 sample, row by row, each pixel from 0 to 1 as in training) and a column named label, target, class or y of the true class. Or drop them here.",
    );
  });

  it("asks a flat sample for its columns, without a shape to read them into", () => {
    // It read "a CSV of 1 number column (the 1 sample, row by row)" for a sine regression.
    expect(manyHint([1], dataset({ task: "regression" }))).toBe(
      "A CSV of one number column and a column named label, target, class or y of the true value to see how close it comes. Or drop it here.",
    );
    expect(manyHint([4], dataset({}))).toMatch(/^A CSV of 4 number columns and a column named/);
  });
});
