import { describe, expect, it } from "vitest";
import { misclassifiedCaption } from "./misclassifiedCaption";

describe("misclassifiedCaption", () => {
  it("says how many of all the mistakes are shown, counted off the confusion matrix's diagonal", () => {
    expect(misclassifiedCaption(24, [[30, 20], [18, 32]])).toBe("Misclassified samples (24 of 38 shown)");
    expect(misclassifiedCaption(3, [[30, 2], [1, 32]])).toBe("Misclassified samples (all 3)");
    expect(misclassifiedCaption(0, [[30, 0], [0, 32]])).toBe("Misclassified samples");
  });
});
