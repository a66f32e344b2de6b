import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { augmentationText, nameWords, takesAugmentation } from "./augmentations";

const digits = { sample_shape: [1, 8, 8], pictures: { levels: 16 } } as DatasetSpec;

describe("augmentations", () => {
  it("names each augmentation with the params the run gave it", () => {
    expect(augmentationText({ RandomHorizontalFlip: {}, RandomCrop: { padding: 2 } })).toBe("RandomHorizontalFlip, RandomCrop (padding 2)");
    expect(augmentationText({})).toBeNull();
    expect(augmentationText(undefined)).toBeNull();
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
