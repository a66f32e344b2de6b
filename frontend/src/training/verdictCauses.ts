// Why a run that learnt next to nothing did, as its curves and warnings show, each with what to
// try: a rate too high or too low, ReLUs dead or gradients vanished, a run cut short. Shared by the
// verdicts on a classifier no better than a guess (verdict.ts) and on a regression no better than
// answering the average (averageVerdict.ts).
import { formatCount } from "../editor/format";
import type { RunTally } from "./events";
import { formatTick } from "./formatTick";
import { stillFalling } from "./stillFalling";

// A loss that fell by less than this share of itself from the first epoch to the last did not move.
const STILL = 0.05;
// The share of a run's epochs over which a run whose validation loss still fell steadily
// (stillFalling) is told it was still learning: a rate too low makes a slow, straight fall
// (0.726 → 0.6705 over 20 epochs) that its last quarter is too short to tell from noise.
const LEARNING_SHARE = 0.5;

export const finite = (values: (number | null)[]) => values.flatMap((v, i) => (v !== null && Number.isFinite(v) ? [{ v, i }] : []));

/** Why, in words; `kind` "learning": still learning as it ended, where a classifier's advice goes on. */
export interface Cause {
  kind: "died" | "rate" | "vanished" | "still" | "learning";
  text: string;
}

/** The first cause that shows in the run, in the order a learner mends them; null where none does. */
export function learntLittleCause(tally: RunTally): Cause | null {
  const losses = finite(tally.trainLoss);
  const [first, last] = [losses[0], losses[losses.length - 1]];
  const still = losses.length >= 2 && first !== undefined && last !== undefined && first.v > 0 && (first.v - last.v) / first.v < STILL;
  // Before the rate: a rate lowered by a Continue was told to lower it, of a blow-up before it.
  const deadBefore = tally.warnings.find((w) => w.cause === "died_before");
  const high = deadBefore ? null : tooHigh(tally);
  const vanished = tally.warnings.find((w) => w.kind === "vanishing");
  // Still falling at its end, slowly: the rate too low, or too few epochs.
  const learning = stillFalling(finite(tally.valLoss).map((p) => p.v), LEARNING_SHARE);
  if (deadBefore)
    return { kind: "died", text: "Its ReLUs died in an earlier part of the run, at the rate it had then (the warning above), and no rate brings them back: train a new run, with a lower learning rate from the start." };
  if (high) return { kind: "rate", text: `${high} The learning rate is too high: lower it (a tenth, say), or let the editor's Find a learning rate suggest one.` };
  if (vanished)
    return {
      kind: "vanished",
      text: `Its gradients vanished on the way back (from step ${formatCount(vanished.step)}, in \`${vanished.layer}\`): the layers before the last learnt next to nothing, which more epochs do not mend.${vanished.fix ? ` ${vanished.fix}` : ""}`,
    };
  if (still) return { kind: "still", text: `Its loss hardly moved (${formatTick(first.v)} → ${formatTick(last.v)}): raise the learning rate (the editor's Find a learning rate suggests one), or train longer.` };
  if (learning)
    return {
      kind: "learning",
      text: `It was still learning when it ended: its validation loss fell steadily, from ${formatTick(learning.from)} to ${formatTick(learning.to)} over the last ${learning.epochs} epochs, but slowly. Raise the learning rate (the editor's Find a learning rate suggests one), or train longer.`,
    };
  return null;
}

/** Whether the rate the run ended at was too high, as learntLittleCause weighs a rate: its loss
 * shot up, or its gradients said so, since that rate took over (the part's start, or a rate set
 * as it trained). A run gone on at a tenth after shooting up was told to lower that tenth too,
 * "at which its loss shot up" (a review). */
export function rateWasTooHigh(tally: RunTally): boolean {
  const since = Math.max(tally.started?.first_step ?? 0, ...tally.rates.slice(tally.ratesBefore).map((r) => r.step));
  if (tally.warnings.some((w) => w.cause === "died_before")) return false;
  return shotUp(tally, since) !== null || tally.warnings.some((w) => w.cause === "rate_too_high" && w.step > since);
}

// A loss this many times its first frame's, later on, shot up: the steps overshot.
const SHOT_UP = 10;
// …for this many steps running.
const SPAN = 3;

/** What shows the learning rate was too high, if anything: the loss shooting up, or a warning
 * from the run's looks inside that said so (gradients that vanished after exploding). */
function tooHigh(tally: RunTally): string | null {
  const shot = shotUp(tally);
  if (shot) return `Its loss shot up from ${formatTick(shot.first)} to ${formatTick(shot.peak)} at step ${formatCount(shot.step)}.`;
  const said = tally.warnings.find((w) => w.cause === "rate_too_high");
  return said ? `At step ${formatCount(said.step)} its gradients said so.` : null;
}

/** The first loss and the highest, where it was SHOT_UP times the first: each step's loss where the
 * frames carried them (a frame's mean of 15 steps began at 9,257, hiding a climb from 0.68 to
 * 54,800 in its second step), else each frame's; only the steps after `since` may be the climb. */
function shotUp(tally: RunTally, since = 0): { first: number; peak: number; step: number } | null {
  const { steps, losses } = tally.stepLosses;
  const perStep = losses.length > 0;
  const count = perStep ? losses.length : tally.losses.length;
  // Held for SPAN steps running, not one: a single batch of the rarer class scores 10 against a
  // first 0.69 on a lopsided set, where the advice is class weights, not the rate. One pass, no
  // copies: a long run holds hundreds of thousands of steps.
  const span = perStep ? SPAN : 1;
  let first: number | null = null;
  let run = 0;
  let top = { v: -Infinity, step: 0 }; // the highest of the run of steps over the limit
  let peak: { v: number; step: number } | null = null;
  for (let i = 0; i < count; i++) {
    const v = perStep ? losses.value(i) : (tally.losses[i] ?? null);
    if (v === null || !Number.isFinite(v)) continue;
    if (first === null) {
      if (v <= 0) return null;
      first = v;
    }
    // Measured against the run's first loss, not the part's: a part that began near 0.001 read
    // its batches' 0.05 as a climb (a test's live rate, lowered again after a Stop).
    if (since > 0 && (perStep ? steps.at(i) : (tally.steps[i] ?? 0)) <= since) continue;
    if (v <= SHOT_UP * first) {
      run = 0;
      top = { v: -Infinity, step: 0 };
      continue;
    }
    run += 1;
    if (v > top.v) top = { v, step: perStep ? steps.at(i) : (tally.steps[i] ?? 0) };
    if (run >= span && (!peak || top.v > peak.v)) peak = top;
  }
  return first !== null && peak ? { first, peak: peak.v, step: peak.step } : null;
}
