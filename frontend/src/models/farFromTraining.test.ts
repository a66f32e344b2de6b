import { describe, expect, it } from "vitest";
import { farFromTraining } from "./FeatureInputs";

const spread = { mean: [13, 2.34], std: [0.8, 1.12] };

describe("farFromTraining", () => {
  it("names a value more than four deviations from its training mean, with that spread", () => {
    expect(farFromTraining(["13.5", "-1e30"], ["alcohol", "malic_acid"], spread)).toEqual(["malic_acid (-1e+30; in training 2.34 ± 1.12)"]);
    expect(farFromTraining(["50", "2"], ["alcohol", "malic_acid"], spread)).toEqual(["alcohol (50; in training 13 ± 0.8)"]);
  });
  it("says nothing of values within it, of a field not a number yet, or without a spread", () => {
    expect(farFromTraining(["16.1", "6.8"], ["alcohol", "malic_acid"], spread)).toEqual([]);
    expect(farFromTraining(["-", "2"], ["alcohol", "malic_acid"], spread)).toEqual([]);
    expect(farFromTraining(["1e9", "2"], ["alcohol", "malic_acid"], null)).toEqual([]);
    expect(farFromTraining(["1e9"], ["x"], { mean: [0], std: [0] })).toEqual([]); // a constant feature
  });
});
