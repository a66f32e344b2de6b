import { describe, expect, it } from "vitest";
import { testNote, testSentence, testShareText, testsSeenNote } from "./testResult";

describe("testSentence", () => {
  it("says a classifier's test accuracy and that the samples picked nothing", () => {
    const test = { size: 180, loss: 0.1, accuracy: 0.9711 };
    expect(testSentence(test)).toBe("Test accuracy 97.1 % on 180 held-out samples, never seen in training or model selection.");
    expect(testNote(test)).toBe("test 97.1%");
  });
  it("says a regression's errors in the target's units", () => {
    const test = { size: 1, loss: 0.5, mae: 1234.5, rmse: 2000 };
    expect(testSentence(test)).toBe("Test mean absolute error 1,230 (RMSE 2,000) on 1 held-out sample, never seen in training or model selection.");
    expect(testNote(test)).toBe("test MAE 1234.5000");
  });
  it("puts the validation set's errors beside the test set's, in the same units and figures", () => {
    const test = { size: 89, loss: 0.52, mae: 46.0712, rmse: 56.4149 };
    expect(testSentence(test, { mae: 44.1203, rmse: 54.998 })).toBe(
      "Test mean absolute error 46.1 (RMSE 56.4) on 89 held-out samples, never seen in training or model selection; validation 44.1 (RMSE 55.0).",
    );
    expect(testSentence(test, { mae: 0.004123 })).toContain("; validation 0.00412.");
    expect(testSentence(test, { mae: null, rmse: null })).toBe(testSentence(test));
    const classified = { size: 180, loss: 0.1, accuracy: 0.9711 };
    expect(testSentence(classified, { mae: 1, rmse: 1 })).not.toContain("validation");
  });
  it("says the share of the training part kept apart, or none", () => {
    expect(testShareText(0.1)).toBe("10 % of training");
    expect(testShareText(0)).toBe("none");
    expect(testShareText(undefined)).toBe("none");
  });
});

describe("testsSeenNote", () => {
  it("says nothing of a test set measured once, and how often from two on", () => {
    expect(testsSeenNote(0)).toBeNull();
    expect(testsSeenNote(1)).toBeNull();
    expect(testsSeenNote(3)).toMatch(/^Measured 3 times, once as each part of the run ended: /);
  });
});
