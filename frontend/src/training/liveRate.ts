// A new learning rate for a running or paused run (POST /rate): the rate it trains with now, which
// the field prefills, and what the page says of the rates its owner set.
import type { RateEvent } from "../api/types";
import type { RunTally } from "./events";

/** The rate it trains with now: the latest set where no step has trained since (a paused run set
 * anew), else the last frame's (a schedule's rate where it has one), else `recorded`, its record's
 * (continueRate.currentRate), while no frame has come. */
export function liveRate(tally: Pick<RunTally, "rates" | "progress">, recorded: number | null): number | null {
  const set = tally.rates.at(-1);
  const frame = tally.progress;
  if (set && (!frame || set.step >= frame.step)) return set.lr;
  return frame?.lr ?? recorded;
}

/** The rate going on prefills once it has ended: the latest its owner set, when set since the
 * start of the part it trained last (a Continue's own rate is the record's), else `recorded`. */
export function endedRate(tally: Pick<RunTally, "rates" | "started">, recorded: number | null): number | null {
  const set = tally.rates.at(-1);
  return set && set.step >= (tally.started?.first_step ?? 0) ? set.lr : recorded;
}

/** A rate as the field shows it: three significant figures (a schedule's 0.0049876543 reads 0.00499). */
export function shownRate(rate: number): string {
  return String(Number(rate.toPrecision(3)));
}

/** What the page says once a new rate is set: it took over once a step trained with it (`step`,
 * the last step trained, is past it); set while paused, it trains the next step, and a Stop first
 * leaves it never set (sentRate.ts). */
export function rateSetText(set: RateEvent, step: number): string {
  const fate = step > set.step ? "it took over" : "it trains the next step";
  return `Learning rate set to ${set.lr} after step ${set.step.toLocaleString("en")}, in epoch ${set.epoch.toLocaleString("en")}: ${fate}.`;
}

/** The hint beside the field: OneCycleLR starts over with the new rate as its peak, warming up to
 * it from a 25th of it (a review: a learner read "set to 0.02" and saw 0.0008 train next). */
export function liveRateHint(schedule: string | null): string {
  if (schedule === "OneCycleLR")
    return "It takes over at the next step as OneCycleLR's new peak: the rate warms up to it again from a 25th of it. The optimizer keeps its momentum.";
  return schedule
    ? `It takes over at the next step; ${schedule} starts over from it. The optimizer keeps its momentum.`
    : "It takes over at the next step; the optimizer keeps its momentum.";
}
