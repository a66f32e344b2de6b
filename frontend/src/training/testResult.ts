// The held-out test set in words: the run page's result line, and the runs table's short note.
import type { RunMetrics } from "../api/types";
import { metricText } from "./metricText";

export type TestMetrics = NonNullable<RunMetrics["test"]>;

/** A regression's errors on its validation set, in the target's own units (the run's results). */
export interface ValidationErrors {
  mae?: number | null;
  rmse?: number | null;
}

const NEVER_SEEN = "never seen in training or model selection";

/** 3 significant figures, as a person reads an error and as the results write it: 46.1, 55.0, 1,230, 0.00412. */
export function errorText(value: number | null | undefined): string {
  if (value == null) return "—";
  return value.toLocaleString("en-US", { minimumSignificantDigits: 3, maximumSignificantDigits: 3 });
}

/** "Test accuracy 97.1 % on 180 held-out samples, never seen in training or model selection";
 * a regression's mean absolute error (in the target's units) and root mean square error, beside
 * the validation set's (`validation`, once the run's results have them), so that like is
 * compared with like: the validation loss above is in the units the model trained on. */
export function testSentence(test: TestMetrics, validation: ValidationErrors | null = null): string {
  const samples = `${test.size.toLocaleString("en-US")} held-out sample${test.size === 1 ? "" : "s"}`;
  if (test.accuracy != null) return `Test accuracy ${(test.accuracy * 100).toFixed(1)} % on ${samples}, ${NEVER_SEEN}.`;
  if (test.mae != null) {
    const errors = (e: ValidationErrors) => `${errorText(e.mae)}${e.rmse != null ? ` (RMSE ${errorText(e.rmse)})` : ""}`;
    const beside = validation?.mae != null ? `; validation ${errors(validation)}` : "";
    return `Test mean absolute error ${errors(test)} on ${samples}, ${NEVER_SEEN}${beside}.`;
  }
  return `Test loss ${metricText(test.loss)} on ${samples}, ${NEVER_SEEN}.`;
}

/** What a test set measured at more than one end says of itself: each Continue measures it again,
 * and settings changed by what it said are chosen on it too (a review: 97.6 % at a Stop, then
 * 97.2 % after a Continue, watched while tuning). */
export function testsSeenNote(times: number): string | null {
  if (times < 2) return null;
  return `Measured ${times} times, once as each part of the run ended: settings changed by what it says are chosen on these samples too, so it reads better than on new ones.`;
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
