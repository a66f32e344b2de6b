import { describe, expect, it } from "vitest";
import type { AugmentationSpec, DatasetSpec } from "../api/types";
import { augmentationText, nameWords, startingParams, takesAugmentation } from "./augmentations";

const digits = { sample_shape: [1, 8, 8], pictures: { levels: 16 } } as DatasetSpec;

describe("augmentations", () => {
  it("names each augmentation with the params the run gave it", () => {
    expect(augmentationText({ RandomHorizontalFlip: {}, RandomCrop: { padding: 2 } })).toBe("RandomHorizontalFlip, RandomCrop (padding 2)");
    expect(augmentationText({})).toBeNull();
    expect(augmentationText(undefined)).toBeNull();
  });

  it("starts a side-sized param at its share of the images' shorter side, at least 1", () => {
    const crop = { name: "RandomCrop", side_shares: { padding: 1 / 8 } } as unknown as AugmentationSpec;
    expect(startingParams(crop, digits)).toEqual({ padding: 1 });
    expect(startingParams(crop, { sample_shape: [3, 32, 32] } as DatasetSpec)).toEqual({ padding: 4 });
    expect(startingParams(crop, { sample_shape: [1, 28, 40] } as DatasetSpec)).toEqual({ padding: 4 }); // 3.5, rounded
    expect(startingParams(crop, { sample_shape: [1, 4, 4] } as DatasetSpec)).toEqual({ padding: 1 });
    expect(startingParams({ name: "RandomHorizontalFlip", side_shares: {} } as unknown as AugmentationSpec, digits)).toEqual({});
  });

  it("splits a name into its words", () => {
    expect(nameWords("RandomHorizontalFlip")).toEqual(["Random", "Horizontal", "Flip"]);
    expect(nameWords("ColorJitter")).toEqual(["Color", "Jitter"]);
  });

  it("offers them for image datasets only", () => {
    expect(takesAugmentation(digits)).toBe(true);
    expect(takesAugmentation({ ...digits, pictures: null })).toBe(false);
    expect(takesAugmentation({ ...digits, sample_shape: [8, 8] })).toBe(false);
    expect(takesAugmentation(undefined)).toBe(false);
  });
});
