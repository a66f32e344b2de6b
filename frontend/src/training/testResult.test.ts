import { describe, expect, it } from "vitest";
import { testNote, testSentence, testShareText } from "./testResult";

describe("testSentence", () => {
  it("says a classifier's test accuracy and that the samples picked nothing", () => {
    const test = { size: 180, loss: 0.1, accuracy: 0.9711 };
    expect(testSentence(test)).toBe("Test accuracy 97.1 % on 180 held-out samples, never seen in training or model selection.");
    expect(testNote(test)).toBe("test 97.1%");
  });
  it("says a regression's errors in the target's units", () => {
    const test = { size: 1, loss: 0.5, mae: 1234.5, rmse: 2000 };
    expect(testSentence(test)).toBe("Test mean absolute error 1234.5000 (RMSE 2000.0000) on 1 held-out sample, never seen in training or model selection.");
    expect(testNote(test)).toBe("test MAE 1234.5000");
  });
  it("says the share of the training part kept apart, or none", () => {
    expect(testShareText(0.1)).toBe("10 % of training");
    expect(testShareText(0)).toBe("none");
    expect(testShareText(undefined)).toBe("none");
  });
});
