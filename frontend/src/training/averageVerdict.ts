// A regression weighed against always answering the average: what a classifier's guess is to its
// accuracy. A run on a target its features do not predict (300 rows of noise) learns its training
// samples and nothing else, and was told "Overfitting from epoch 1 … add Dropout", where no
// network does better. Measured in the target's own units, from the run's validation results:
// their root mean square error against their targets' spread, whatever the loss and its scaling.
import type { RunResults } from "../api/types";
import type { RunTally } from "./events";
import type { Verdict } from "./verdict";
import { formatTick } from "./formatTick";
import { overfitFrom } from "./overfit";
import { learntLittleCause } from "./verdictCauses";

/** What always answering the validation targets' average scores, beside what the model scored. */
export interface AverageGuess {
  /** The model's root mean square error on the validation set, in the target's own units. */
  rmse: number;
  /** The target's average (null for a target of several outputs, each with its own), and the
   * targets' spread about their averages: always answering those is off by that much. */
  average: number | null;
  spread: number;
}

// A model whose error is at least this share of the spread explains under 5% of the target's
// variance (R² = 1 - share²): no better than the average; at least BARELY, under 19%: barely.
const NO_BETTER = 0.975;
const BARELY = 0.9;
// The fewest validation targets whose spread is worth weighing a model against.
const FEWEST = 10;

/** 3 significant digits, as the results write the error beside it: 1.13, 27.4, 0.00412. */
const readable = (value: number) => String(Number(value.toPrecision(3)));

/** The average to beat, from the run's validation results: null for a classifier, for results
 * from before their error was kept, and for too few targets, or all the same. The results keep
 * the first output's targets (up to 400 validation samples), and what answering each output's
 * average is off by over every output and sample (`average_rmse`); a target of several outputs
 * (`outputs`, the values of one sample's target) is weighed by that alone, and so is none from
 * before it was kept: its error is over every output, where the first's targets are one's. A
 * target whose outputs are not known (0) is not weighed. */
export function averageGuess(regression: RunResults["regression"] | undefined, outputs: number): AverageGuess | null {
  const targets = regression?.true ?? [];
  const rmse = regression?.rmse;
  if (outputs < 1 || rmse === null || rmse === undefined || !Number.isFinite(rmse) || targets.length < FEWEST) return null;
  const first = targets.reduce((sum, t) => sum + t, 0) / targets.length;
  const kept = regression?.average_rmse;
  const spread = kept ?? (outputs === 1 ? Math.sqrt(targets.reduce((sum, t) => sum + (t - first) ** 2, 0) / targets.length) : null);
  if (spread === null || !(spread > 0) || !Number.isFinite(spread)) return null;
  return { rmse, average: outputs === 1 ? first : null, spread };
}

/** What to say of a regression no better, or barely better, than always answering the average. */
export function averageVerdict(tally: RunTally, guess: AverageGuess): Verdict | null {
  const { rmse, average, spread } = guess;
  if (rmse < BARELY * spread) return null;
  // A target of several outputs is weighed against each one's own average, over all of them.
  const averages = average === null ? "each output's average" : "the average";
  const measured = average === null ? "root mean square, over every output" : "root mean square";
  const answering = average === null ? "them" : `its average, ${readable(average)},`;
  const how = `${rmse >= NO_BETTER * spread ? "No better" : "Barely better"} than always answering ${averages}`;
  const cause = learntLittleCause(tally);
  const over = overfitFrom(tally);
  const unpredictable = "These features may not predict the target: check that it is the one you meant (a CSV's column), and that the features carry what it depends on.";
  const why = cause
    ? cause.text
    : over
      ? `From epoch ${over.epoch} its validation loss rose (${formatTick(over.lowest)} → ${formatTick(over.last)}) while its training loss kept falling: it learnt its training samples, and nothing that holds beyond them. ${unpredictable} If they do not, no Dropout or smaller network will help.`
      : `${unpredictable} If they should, the network may be too small, or trained too briefly, to find how.`;
  return {
    kind: "chance",
    text: `${how}: off by ${readable(rmse)} (${measured}) on the validation set, where always answering ${answering} is off by ${readable(spread)}. ${why}`,
  };
}
