// Where a run's validation loss turned up for good while its training loss kept falling: the
// network learning its training samples more than the task. Told apart from a noisy validation
// loss, which on 120 samples swings ±0.1 from epoch to epoch: the lowest of such epochs is an
// outlier, and "rose from it" said Overfitting to an LSTM whose accuracy rose to its best at its
// last epoch (a review). So the lowest is taken of a smoothed curve, the rise must be a fitted
// upward trend clear of the epochs' scatter (as stillFalling asks of a fall), and accuracy that
// kept rising past the turn says the network was still getting better at the task.
import type { RunTally } from "./events";
import { fitSlope } from "./stillFalling";

// The recent epochs' mean this share above the smoothed lowest, at least OVERFIT_EPOCHS later.
const ROSE = 0.1;
export const OVERFIT_EPOCHS = 3;
// …and by at least this share of its first epoch's: 0.040 → 0.046 after 1.1 at the start is
// a model already sure of its answers, not one learning its training samples.
const ROSE_OF_FIRST = 0.02;
// Epochs in a smoothing window: SHORT for runs under LONG_RUN epochs, where 5 would blur the turn.
const SHORT = 3;
const LONG = 5;
const LONG_RUN = 20;
// The rise's fitted slope, from the lowest epoch on, this many standard errors clear of none.
const CLEAR = 3;

export interface Overfit {
  /** The epoch the validation loss turned up from, its loss then, and its last epoch's. */
  epoch: number | undefined;
  lowest: number;
  last: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Where the validation loss turned up for good while the training loss kept falling, if it did. */
export function overfitFrom(tally: RunTally): Overfit | null {
  const val = tally.valLoss.flatMap((v, i) => (v !== null && Number.isFinite(v) ? [{ v, i }] : []));
  if (val.length < OVERFIT_EPOCHS + 2) return null;
  const width = val.length >= LONG_RUN ? LONG : SHORT;
  const half = (width - 1) / 2;
  // The lowest of the epochs' centred means, and within its window the epoch the turn is said at.
  let centre = half;
  let smoothed = Infinity;
  for (let c = half; c < val.length - half; c++) {
    const m = mean(val.slice(c - half, c + half + 1).map((p) => p.v));
    if (m < smoothed) [centre, smoothed] = [c, m];
  }
  const turnAt = val.slice(centre - half, centre + half + 1).reduce((a, b) => (b.v < a.v ? b : a));
  const turn = val.indexOf(turnAt);
  const last = val[val.length - 1]!;
  // The last epochs' mean, not the last alone: one noisy epoch on a small validation set is no
  // trend. Above the lowest by a share of its size, which holds for a negative loss too.
  const recent = mean(val.slice(-width).map((p) => p.v));
  const rise = recent - smoothed;
  if (last.i - turnAt.i < OVERFIT_EPOCHS || rise <= ROSE * Math.abs(smoothed) || rise < ROSE_OF_FIRST * Math.abs(val[0]!.v)) return null;
  // Every validation sample right: a rise is answers a little less sure, none of them wrong.
  if ((tally.end?.metrics.val_accuracy ?? 0) >= 1) return null;
  const { slope, se } = fitSlope(val.slice(turn).map((p) => p.v));
  if (!(slope > CLEAR * se)) return null;
  // Right more often now than at the turn: what the loss lost was sureness, not answers.
  const [accuracyThen, accuracyNow] = [tally.valAccuracy[turnAt.i], tally.valAccuracy[last.i]];
  if (accuracyThen != null && accuracyNow != null && accuracyNow > accuracyThen) return null;
  const [trainThen, trainNow] = [tally.trainLoss[turnAt.i], tally.trainLoss[last.i]];
  if (trainThen == null || trainNow == null || trainNow >= trainThen) return null;
  return { epoch: tally.epochs[turnAt.i], lowest: turnAt.v, last: last.v };
}
