import { describe, expect, it } from "vitest";
import { misclassifiedCaption } from "./misclassifiedCaption";

describe("misclassifiedCaption", () => {
  it("says how many of all the mistakes are shown, counted off the confusion matrix's diagonal", () => {
    expect(misclassifiedCaption(24, [[30, 20], [18, 32]])).toBe("Misclassified samples (24 of 38 shown)");
    expect(misclassifiedCaption(3, [[30, 2], [1, 32]])).toBe("Misclassified samples (all 3)");
    expect(misclassifiedCaption(0, [[30, 0], [0, 32]])).toBe("Misclassified samples");
  });

  it("says which confusion is shown, and how many of its samples", () => {
    const classes = ["cat", "dog"];
    expect(misclassifiedCaption(12, [[30, 20], [18, 32]], [0, 1], classes)).toBe("Misclassified: true “cat”, predicted “dog” (12 of 20 shown)");
    expect(misclassifiedCaption(18, [[30, 20], [18, 32]], [1, 0], classes)).toBe("Misclassified: true “dog”, predicted “cat” (all 18)");
  });
});
