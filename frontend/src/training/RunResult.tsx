// A run's metrics: the last validated epoch's while it trains, the final ones once it ends.
import type { RunMetrics } from "../api/types";
import type { RunTally } from "./events";
import { accuracyText, metricText } from "./metricText";
import { testSentence, testsSeenNote, type ValidationErrors } from "./testResult";

/** The end event's metrics, or those of the last epoch so far. */
export function latestMetrics(tally: RunTally): RunMetrics | null {
  if (tally.end) return tally.end.metrics;
  const last = tally.epochs.length - 1;
  if (last < 0) return null;
  return {
    epoch: tally.epochs[last] ?? 0,
    step: tally.progress?.step ?? 0,
    train_loss: tally.trainLoss[last] ?? null,
    val_loss: tally.valLoss[last] ?? null,
    val_accuracy: tally.valAccuracy[last] ?? null,
  };
}

interface Props {
  metrics: RunMetrics;
  classification: boolean;
  /** Still training: the numbers are the last validated epoch's, which the header's current
   * epoch has passed (an epoch's results come once its checkpoint is written). */
  live?: boolean;
  /** A regression's validation errors in the target's units (the run's results, once it has
   * ended), said beside its test errors. */
  validationErrors?: ValidationErrors | null;
  /** How many ends measured the test set (tally.testsSeen): said from two on. */
  testsSeen?: number;
}

export function RunResult({ metrics, classification, live = false, validationErrors = null, testsSeen = 0 }: Props) {
  const seen = live ? null : testsSeenNote(testsSeen);
  return (
    <div className="run-result" data-testid="run-result">
      <dl className="metrics">
        {classification && (
          <div>
            <dt>Validation accuracy</dt>
            <dd data-testid="accuracy-value">
              {accuracyText(metrics.val_accuracy)}
            </dd>
          </div>
        )}
        <div>
          <dt>Validation loss</dt>
          <dd data-testid="val-loss-value">{metricText(metrics.val_loss)}</dd>
        </div>
        <div>
          {/* Not the loss chart's last point, which is one step's: this is the whole epoch's. */}
          <dt title="The mean over the epoch's steps; the loss chart shows each step's loss.">Training loss, epoch mean</dt>
          <dd data-testid="train-loss-value">{metricText(metrics.train_loss)}</dd>
        </div>
        <div>
          <dt>{live ? "Last validated" : "Epochs done"}</dt>
          <dd data-testid="epochs-value">{live ? `epoch ${metrics.epoch}` : metrics.epoch}</dd>
        </div>
      </dl>
      {metrics.test && (
        <p className="run-test-result" data-testid="test-result">
          {testSentence(metrics.test, live ? null : validationErrors)}
          {seen && (
            <span className="muted" data-testid="tests-seen">
              {" "}
              {seen}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
