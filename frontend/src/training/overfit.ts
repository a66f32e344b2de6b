// Where a run's validation loss turned up for good while its training loss kept falling: the
// network learning its training samples more than the task. Told apart from a noisy validation
// loss, which on 120 samples swings ±0.1 from epoch to epoch: the lowest of such epochs is an
// outlier, and "rose from it" said Overfitting to an LSTM whose accuracy rose to its best at its
// last epoch (a review). So the lowest is taken of a smoothed curve, the rise must be a fitted
// upward trend clear of the epochs' scatter (as stillFalling asks of a fall), and accuracy that
// kept rising past the turn says the network was still getting better at the task: by more than
// a sample or two of a small validation set, where 44% → 56% on 9 pictures is one more right. A
// network that learnt its training samples (100% of them, a loss of 1e-5) while its validation
// loss climbed to twice its lowest or more overfitted whatever its accuracy did: such a run was
// told to train longer (a review: 0.70 → 4.76 on 9 validation pictures).
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
// Validation accuracy that rose by up to this many samples' worth rose by noise.
const NOISE_SAMPLES = 2;
// Training samples learnt: this share of them right at the last epoch, or a training loss under
// this share of its first epoch's (a run that kept no training accuracy, a regression).
const LEARNT_ACCURACY = 0.99;
const LEARNT_LOSS = 1e-3;
// A validation loss risen to this many times its smoothed lowest rose well above it.
const WELL_ABOVE = 2;

export interface Overfit {
  /** The epoch the validation loss turned up from, its loss then, and its last epoch's. */
  epoch: number | undefined;
  lowest: number;
  last: number;
}

/** How well a run fits its training samples at its last epoch: its training accuracy (null where
 * not kept), and its training loss then and at its first epoch. */
export interface TrainingFit {
  accuracy: number | null;
  loss: number;
  first: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const finitePoints = (values: (number | null)[]) => values.flatMap((v, i) => (v !== null && Number.isFinite(v) ? [{ v, i }] : []));

/** The run's fit to its training samples where it learnt them (all but every one right, or its
 * training loss near zero); null where it did not. */
export function learntTrainingSamples(tally: RunTally): TrainingFit | null {
  const train = finitePoints(tally.trainLoss);
  const [first, last] = [train[0], train[train.length - 1]];
  if (first === undefined || last === undefined || train.length < 2) return null;
  const accuracy = finitePoints(tally.trainAccuracy).at(-1)?.v ?? null;
  const nearZero = first.v > 0 && last.v >= 0 && last.v <= LEARNT_LOSS * first.v;
  return (accuracy !== null && accuracy >= LEARNT_ACCURACY) || nearZero ? { accuracy, loss: last.v, first: first.v } : null;
}

/** Where the validation loss turned up for good while the training loss kept falling, if it did;
 * `samples`, the validation set's size where known, tells an accuracy's rise from its noise. */
export function overfitFrom(tally: RunTally, samples: number | null = null): Overfit | null {
  const val = finitePoints(tally.valLoss);
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
  // Right more often now than at the turn, by more than a sample or two: what the loss lost was
  // sureness, not answers. Nor where the training samples were learnt and the loss rose well
  // above its lowest, and the rise is within the validation set's own noise (two standard errors
  // of its accuracy): the answers it is sure of and gets wrong are its overfitting. A rise past
  // that noise is real however well the training samples were learnt (1,000 samples a class,
  // 95.6 % to 98.9 %, was told to stop at its turn).
  const noise = samples !== null && samples > 0 ? NOISE_SAMPLES / samples : 0;
  const [accuracyThen, accuracyNow] = [tally.valAccuracy[turnAt.i], tally.valAccuracy[last.i]];
  if (accuracyThen != null && accuracyNow != null && accuracyNow - accuracyThen > noise + 1e-9) {
    const memorised = smoothed > 0 && recent >= WELL_ABOVE * smoothed && learntTrainingSamples(tally) !== null;
    // Its size unknown (no class counts), a rise cannot be told from noise: the learnt training
    // samples and the risen loss decide.
    const spread = samples !== null && samples > 0 ? 2 * Math.sqrt((accuracyNow * (1 - accuracyNow)) / samples) : Infinity;
    if (!memorised || accuracyNow - accuracyThen > spread) return null;
  }
  const [trainThen, trainNow] = [tally.trainLoss[turnAt.i], tally.trainLoss[last.i]];
  if (trainThen == null || trainNow == null || trainNow >= trainThen) return null;
  return { epoch: tally.epochs[turnAt.i], lowest: turnAt.v, last: last.v };
}
