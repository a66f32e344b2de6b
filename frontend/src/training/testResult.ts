// The held-out test set in words: the run page's result line, and the runs table's short note.
import type { RunMetrics } from "../api/types";
import { metricText } from "./metricText";

export type TestMetrics = NonNullable<RunMetrics["test"]>;

const NEVER_SEEN = "never seen in training or model selection";

/** "Test accuracy 97.1 % on 180 held-out samples, never seen in training or model selection";
 * a regression's mean absolute error (in the target's units) and root mean square error. */
export function testSentence(test: TestMetrics): string {
  const samples = `${test.size.toLocaleString("en-US")} held-out sample${test.size === 1 ? "" : "s"}`;
  if (test.accuracy != null) return `Test accuracy ${(test.accuracy * 100).toFixed(1)} % on ${samples}, ${NEVER_SEEN}.`;
  if (test.mae != null) return `Test mean absolute error ${metricText(test.mae)} (RMSE ${metricText(test.rmse)}) on ${samples}, ${NEVER_SEEN}.`;
  return `Test loss ${metricText(test.loss)} on ${samples}, ${NEVER_SEEN}.`;
}

/** The runs table's note under a run's validation numbers: "test 97.1%", "test MAE 0.1234". */
export function testNote(test: TestMetrics): string {
  if (test.accuracy != null) return `test ${(test.accuracy * 100).toFixed(1)}%`;
  if (test.mae != null) return `test MAE ${metricText(test.mae)}`;
  return `test loss ${metricText(test.loss)}`;
}

/** A test_fraction as the settings comparison and the editor say it: "10 % of training", "none". */
export function testShareText(fraction: number | undefined): string {
  return fraction ? `${+(fraction * 100).toFixed(2)} % of training` : "none";
}
