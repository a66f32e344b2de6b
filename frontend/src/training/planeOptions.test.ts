import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { optionsText, optionsQuery, withOptions } from "./planeOptions";

const spiral = {
  name: "spiral",
  sample_shape: [2],
  train_size: 480,
  val_size: 120,
  plane: { noise: 15, train_share: 80, features: ["x1", "x2"] },
} as DatasetSpec;
const wine = { name: "wine", sample_shape: [13], train_size: 142, val_size: 36 } as DatasetSpec;

describe("a 2-D set's options", () => {
  it("make its samples its features, and its parts the training share's", () => {
    const chosen = withOptions(spiral, { train_share: 30, features: ["x1_squared", "x2_squared", "sin_x1"] });
    expect(chosen?.sample_shape).toEqual([3]);
    expect([chosen?.train_size, chosen?.val_size]).toEqual([180, 420]); // as the server splits 600 points
    expect(withOptions(spiral, { noise: 40 })?.sample_shape).toEqual([2]);
    expect(withOptions(spiral, null)).toBe(spiral);
    expect(withOptions(wine, { noise: 40 })).toBe(wine); // no plane: no options
  });

  it("are said in words and sent as the preview's query", () => {
    expect(optionsText({ noise: 40, train_share: 50, features: ["x1_squared", "x2_squared"] })).toBe("noise 40 %, 50 % to train, features x₁², x₂²");
    expect(optionsText(null)).toBeNull();
    expect(optionsQuery({ noise: 0, train_share: null })).toEqual({ noise: 0 });
  });
});
