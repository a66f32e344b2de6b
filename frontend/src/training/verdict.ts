// What a finished run's curves say about how it trained, in a learner's words: a run that "succeeded"
// at chance had learnt nothing (a regression: no better than always answering the average, in
// averageVerdict.ts), one whose validation loss still fell wants more epochs, one whose validation
// loss rose while its training loss fell overfits. Each with what to try.
import type { RunResults } from "../api/types";
import type { RunTally } from "./events";
import { formatTick } from "./formatTick";
import { learntTrainingSamples, overfitFrom, type TrainingFit } from "./overfit";
import { stillFalling } from "./stillFalling";
import { averageVerdict, type AverageGuess } from "./averageVerdict";
import { finite, learntLittleCause } from "./verdictCauses";

export type VerdictKind = "chance" | "improving" | "overfitting" | "learnt";

export interface Verdict {
  kind: VerdictKind;
  text: string;
}

// Up to this many times a guess's accuracy, a run barely learnt; up to NO_BETTER times, not at all.
// Relative: 10% on 100 classes is ten times a guess, 15% on 10 classes half as much again. Where a
// guess is right more often than not (the commonest of two classes, or a set that is mostly one
// class), the same share of the errors it leaves: 92% against a guess's 90% barely learnt.
const BARELY = 1.25;
const NO_BETTER = 1.05;
// A validation set whose commonest class is this many times its share under even classes: the
// guess to beat is always answering that class.
const LOPSIDED = 1.1;
// A validation loss under this share of its first epoch's has as good as nothing left to lose:
// 2.3 → 0.002 is a model sure of its answers, where a further fall changes none of them.
const NEGLIGIBLE = 1e-3;
// A rarer class right this much less often than the commonest: the network favours the commonest
// at its expense, which class weights redress. Not a rarer class it gets right more often: a
// network that began by answering the rarer class for everything misses the commonest.
const MISSED_BY = 0.2;
// A classifier right this often, and well past a guess, learnt its task: said so, with where to go
// next (a good run said nothing, where a poor one got advice).
const LEARNT = 0.9;

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The accuracy to beat without looking at a sample: one class in `classes`, or always the
 * commonest, where the validation set (as its results count it) holds noticeably more of it. */
export interface Guess {
  classes: number;
  share: number;
  commonest: string | null;
  /** Where the network favours the commonest class: its accuracy on it, and the rarer classes it
   * gets right MISSED_BY less often; null where it does not (or the results have no accuracies). */
  missed: Missed | null;
  /** The validation samples the results count (null without counts): how far its accuracy moves
   * with one sample more right. */
  samples: number | null;
}

export interface Missed {
  commonest: number;
  rarer: { name: string; accuracy: number }[];
}

export function guessFor(classes: number, perClass: RunResults["per_class"] | undefined): Guess | null {
  if (classes < 2) return null;
  const total = perClass?.reduce((sum, c) => sum + c.count, 0) ?? 0;
  const even: Guess = { classes, share: 1 / classes, commonest: null, missed: null, samples: total > 0 ? total : null };
  if (!perClass || total === 0) return even;
  const top = perClass.reduce((a, b) => (b.count > a.count ? b : a));
  const share = top.count / total;
  return lopsided(classes, share) ? { classes, share, commonest: top.name, missed: missedFor(top, perClass), samples: total } : even;
}

/** The rarer classes the network gets right far less often than the commonest, `top`, if any. */
function missedFor(top: NonNullable<RunResults["per_class"]>[number], perClass: NonNullable<RunResults["per_class"]>): Missed | null {
  if (top.accuracy === null) return null;
  const commonest = top.accuracy;
  const rarer = perClass.flatMap((c) => (c !== top && c.accuracy !== null && c.accuracy <= commonest - MISSED_BY ? [{ name: c.name, accuracy: c.accuracy }] : []));
  return rarer.length > 0 ? { commonest, rarer } : null;
}

/** Whether the commonest class's share of the validation set is noticeably more than an even one. */
const lopsided = (classes: number, commonest: number) => commonest >= (1 / classes) * LOPSIDED;

/** The accuracy of a guess made from a run's record alone (the runs list): always answering the
 * commonest class where its validation set is lopsided (`commonest`, its share, as the run kept
 * it), else one class in `classes`; older runs kept no share and are taken as even. */
export function recordedGuess(classes: number, commonest: number | null | undefined): number {
  return commonest != null && lopsided(classes, commonest) ? commonest : 1 / classes;
}

/** What the curves of a run that ended well (succeeded, or stopped by its owner) say, if anything:
 * a classifier's weighed against `guess`, a regression's against `average` (averageGuess). */
export function runVerdict(tally: RunTally, guess: Guess | null, average: AverageGuess | null = null): Verdict | null {
  const end = tally.end;
  if (!end || end.diverged || (end.status !== "succeeded" && end.status !== "cancelled")) return null;
  const nothing = chance(tally, guess) ?? (average && averageVerdict(tally, average));
  return nothing ?? overfitting(tally, guess?.samples ?? null) ?? (end.status === "succeeded" ? (improving(tally) ?? learnt(tally, guess) ?? settled(tally)) : null);
}

/** `times` a guess's accuracy, or that share of the errors it leaves, whichever is less. */
const beyond = (guess: number, times: number) => Math.min(guess * times, guess + (1 - guess) * (times - 1));

/** Whether an accuracy is no more than barely better than a guess right `guess` of the time
 * (recordedGuess): what the runs list marks, which has the run's record alone. */
export function atChance(accuracy: number | null | undefined, classes: number, guess: number): boolean {
  return accuracy !== null && accuracy !== undefined && classes >= 2 && accuracy <= beyond(guess, BARELY);
}

function chance(tally: RunTally, guess: Guess | null): Verdict | null {
  const accuracy = tally.end?.metrics.val_accuracy;
  if (!guess || accuracy === null || accuracy === undefined) return null;
  if (accuracy > beyond(guess.share, BARELY)) return null;
  const cause = learntLittleCause(tally);
  // Its training samples learnt, not the task: training longer, or faster, would only make it worse.
  const over = overfitFrom(tally, guess.samples);
  const missed = guess.missed ? favoured(guess.commonest, guess.missed) : null;
  const flat = plateau(tally, accuracy);
  // Its training samples learnt, however its validation loss went: more of the same will not help.
  const memorised = learntTrainingSamples(tally);
  const why = cause
    ? `${cause.text}${cause.kind === "learning" && missed ? ` If it then still ${missed.says}, ${missed.fix}.` : ""}`
    : over
    ? `It learnt its training samples, not the task: from epoch ${over.epoch} the validation loss rose (${formatTick(over.lowest)} → ${formatTick(over.last)}) while the training loss kept falling. Give it more data (or augment the pictures), add Dropout or weight decay, or use a smaller network; training longer makes it worse.`
    : missed
    ? `It ${missed.says}, favouring the commonest class: ${missed.fix}.`
    : flat
    ? `Its training loss levelled off from epoch ${flat.epoch} (${formatTick(flat.loss)} then, ${formatTick(flat.last)} at its end)${flat.trainAccuracy === null ? "" : `, with its training samples right no more often than the validation ones (${pct(flat.trainAccuracy)})`}: the network is too simple for this data, and more epochs or another rate will not change that. Give it hidden layers, or more units in them, with an activation such as ReLU between them (Linear layers alone draw only straight boundaries).`
    : memorised
    ? `It learnt its training samples, not the task: ${trainingFit(memorised)}, while it gets the validation ones right hardly more often than a guess. Give it more data (or augment the pictures), add Dropout or weight decay, or use a smaller network; training longer will not help.`
    : "Train longer or with a higher learning rate, and check that the last layer and the loss fit the task.";
  const how = accuracy <= beyond(guess.share, NO_BETTER) ? "No better than guessing" : "Barely better than guessing";
  if (guess.commonest === null) {
    return { kind: "chance", text: `${how}: ${pct(accuracy)} on ${guess.classes} classes, where a guess is right ${pct(guess.share)} of the time. ${why}` };
  }
  const which = guess.share > 0.5 ? `the validation set is mostly “${guess.commonest}”` : `“${guess.commonest}” is its validation set's commonest class`;
  return {
    kind: "chance",
    text: `${how}: ${pct(accuracy)}, where always answering “${guess.commonest}” is right ${pct(guess.share)} of the time (${which}). ${why}`,
  };
}

// A training loss whose second half of the run got no lower than this share under the first
// half's lowest levelled off: a Linear-only network on the spiral sat at 0.657 for 40 of its 50
// epochs, and was told to train longer or faster (a review).
const LEVELLED = 0.02;
// Its training accuracy at most this far above the validation's: not learning its samples either.
const NOT_OVER = 0.05;
const FEWEST_LEVELLED = 6; // epochs

/** Where a run's training loss levelled off for its second half at least, without the training
 * samples being learnt either (the network too simple for the data): that epoch and loss, and the
 * training accuracy where kept; null where it did not. */
function plateau(tally: RunTally, accuracy: number): { epoch: number; loss: number; last: number; trainAccuracy: number | null } | null {
  const train = finite(tally.trainLoss);
  if (train.length < FEWEST_LEVELLED) return null;
  const half = Math.floor(train.length / 2);
  const lowest = (points: { v: number }[]) => Math.min(...points.map((p) => p.v));
  const [before, after] = [lowest(train.slice(0, half)), lowest(train.slice(half))];
  if (!(before > 0) || after < before * (1 - LEVELLED)) return null;
  const trainAccuracy = finite(tally.trainAccuracy).at(-1)?.v ?? null;
  if (trainAccuracy !== null && trainAccuracy > accuracy + NOT_OVER) return null;
  const at = train.find((p) => p.v <= after * (1 + LEVELLED)) ?? train[half]!;
  return { epoch: tally.epochs[at.i] ?? at.i + 1, loss: at.v, last: train[train.length - 1]!.v, trainAccuracy };
}

/** How well it fits its training samples, in words: their accuracy where kept, else the loss. */
const trainingFit = (fit: TrainingFit) =>
  fit.accuracy !== null ? `it gets ${pct(fit.accuracy)} of them right` : `its training loss fell to ${formatTick(fit.loss)} (from ${formatTick(fit.first)})`;

const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(names.length === 2 ? " and " : ", ");

/** How the network favours the commonest class, in words, and the fix: weights for the classes it misses. */
function favoured(commonest: string | null, missed: Missed): { says: string; fix: string } {
  const shown = missed.rarer.slice(0, 3);
  const rest = missed.rarer.length - shown.length;
  const rates = shown.map((c) => `${pct(c.accuracy)} of “${c.name}”`);
  const names = quoted(shown.map((c) => c.name)) + (rest > 0 ? ` and ${rest} more` : "");
  const them = missed.rarer.length === 1 ? "it" : "them";
  return {
    says: `gets ${pct(missed.commonest)} of “${commonest}” right but only ${rates.length === 2 ? rates.join(" and ") : rates.join(", ")}`,
    fix: `in the editor, give ${names} more weight under Class weights (by the loss), or gather more samples of ${them}`,
  };
}

function learnt(tally: RunTally, guess: Guess | null): Verdict | null {
  const accuracy = tally.end?.metrics.val_accuracy;
  if (!guess || accuracy === null || accuracy === undefined || accuracy < LEARNT) return null;
  const against = guess.commonest === null ? `a guess is right ${pct(guess.share)} of the time` : `always answering “${guess.commonest}” is right ${pct(guess.share)}`;
  if (allRight(tally))
    return {
      kind: "learnt",
      text: `Learnt it: every validation sample right (100%), where ${against}. More epochs have nothing left to win on this validation set: try it on its model page, on samples of your own.`,
    };
  return {
    kind: "learnt",
    text: `Learnt it: ${pct(accuracy)} of the validation samples right, where ${against}. Try it on its model page, and see below which classes it still confuses.`,
  };
}

/** Whether the run's last validation got every sample right. */
const allRight = (tally: RunTally) => (tally.end?.metrics.val_accuracy ?? 0) >= 1;

function overfitting(tally: RunTally, samples: number | null): Verdict | null {
  const over = overfitFrom(tally, samples);
  if (!over) return null;
  const { epoch, lowest, last } = over;
  const better = "add Dropout or weight decay, or give it more data";
  const rose = (from: number) => `the validation loss rose from ${formatTick(from)} to ${formatTick(last)} while the training loss kept falling`;
  // Early stopping put back its best epoch: that is the model it has, and the page's numbers above
  // are that epoch's, so the verdict quotes them and does not tell it to stop there.
  const metrics = tally.end!.metrics;
  if (metrics.kept_epoch != null) {
    return {
      kind: "overfitting",
      text: `Early stopping caught it overfitting: after epoch ${metrics.kept_epoch} ${rose(metrics.val_loss ?? lowest)}, so it kept epoch ${metrics.kept_epoch}'s model, from before the rise. To do better than that model, ${better}.`,
    };
  }
  const stop = stoppedEarly(tally)
    ? `Early stopping ended it at epoch ${metrics.epoch}, but it keeps that last epoch's weights: tick Keep the best epoch's weights (under Schedule, clipping, early stopping) to end with epoch ${epoch}'s, or ${better}.`
    : `Stop near epoch ${epoch} (an early-stopping patience does it), ${better}.`;
  return {
    kind: "overfitting",
    text: `Overfitting from epoch ${epoch}: ${rose(lowest)}, so the network learnt its training samples more than the task. ${stop}`,
  };
}

/** Whether early stopping ended a run before its epochs were done: it succeeded short of them. */
const stoppedEarly = (tally: RunTally) => tally.end?.status === "succeeded" && tally.started !== null && tally.end.metrics.epoch < tally.started.epochs;

/** Whether the validation loss still fell at the end, by enough to be worth more epochs: over the
 * run's last quarter (stillFalling), where a long run's steady fall is under a percent an epoch. Not
 * where every validation sample is right already (a falling loss there is only surer answers, the
 * same answers), nor where the loss is a negligible share of its first: "Train more epochs" was said
 * to a run at 100% with a loss of 3e-3. */
function improving(tally: RunTally): Verdict | null {
  const val = finite(tally.valLoss);
  if (allRight(tally) || negligible(val)) return null;
  const fall = stillFalling(val.map((p) => p.v));
  if (!fall) return null;
  return {
    kind: "improving",
    text: `Still improving when it ended: the validation loss fell from ${formatTick(fall.from)} to ${formatTick(fall.to)} over the last ${fall.epochs} epochs. Train more epochs to see how far it goes.`,
  };
}

/** Whether the last validation loss is a negligible share of the first epoch's. */
function negligible(val: { v: number }[]): boolean {
  const [first, last] = [val[0], val[val.length - 1]];
  return first !== undefined && last !== undefined && val.length >= 2 && first.v > 0 && last.v < NEGLIGIBLE * first.v;
}

/** A run (a regression's, which has no accuracy to weigh) whose validation loss all but vanished. */
function settled(tally: RunTally): Verdict | null {
  const val = finite(tally.valLoss);
  // A classifier's accuracy says how well it learnt (learnt()): a small loss does not.
  if (tally.end?.metrics.val_accuracy != null || !negligible(val)) return null;
  return {
    kind: "learnt",
    text: `Learnt it: the validation loss fell to ${formatTick(val[val.length - 1]!.v)}, under a thousandth of its first epoch's (${formatTick(val[0]!.v)}). More epochs have little left to win: try it on its model page.`,
  };
}
