// A new learning rate sent to a running or paused run (POST /rate), followed until its `rate`
// event says it took over, or the run's end says it ended first (EndEvent.rate_not_set): a rate
// sent as the last step trained, or just before a Stop, is never set, and the page says so.
import type { RateEvent } from "../api/types";
import type { RunTally } from "./events";

/** A rate sent, and the last event the page had when it was sent. */
export interface SentRate {
  lr: number;
  afterSeq: number;
}

/** What of the run's log tells a sent rate's fate. */
export type RateLog = Pick<RunTally, "rates" | "end" | "lastSeq">;

export type SentRateState =
  | { kind: "waiting"; lr: number }
  | { kind: "set"; event: RateEvent }
  | { kind: "neverSet"; lr: number; stopped: boolean };

/** Where the rate sent stands: its end's word first (a reloaded page sent nothing, yet its run's
 * end names the rate it never set), then the rate event after it was sent, then an end after it. */
export function sentRateState(sent: SentRate | null, log: RateLog): SentRateState | null {
  const { end } = log;
  const stopped = end?.status === "cancelled";
  if (end?.rate_not_set != null) return { kind: "neverSet", lr: end.rate_not_set, stopped };
  if (!sent) return null;
  const event = log.rates.find((set) => set.seq > sent.afterSeq && set.lr === sent.lr);
  if (event) return { kind: "set", event };
  if (end && end.seq > sent.afterSeq) return { kind: "neverSet", lr: sent.lr, stopped };
  return { kind: "waiting", lr: sent.lr };
}

/** What the rate field says while the rate waits for the next step. */
export function waitingText(lr: number): string {
  return `Sent ${lr}: it takes over at the next step.`;
}

/** What the page says of a rate the run ended before setting. */
export function neverSetText(lr: number, stopped: boolean): string {
  return `The run ${stopped ? "stopped" : "ended"} before the new learning rate ${lr} was set: no step trained with it.`;
}
