import { describe, expect, it } from "vitest";
import type { EndEvent, RateEvent } from "../api/types";
import { neverSetText, sentRateState, waitingText } from "./sentRate";

const rate = (seq: number, lr: number) => ({ type: "rate", seq, epoch: 2, step: 40, lr }) as RateEvent;
const end = (seq: number, status: EndEvent["status"], rateNotSet: number | null = null) =>
  ({ type: "end", seq, status, rate_not_set: rateNotSet }) as EndEvent;
const sent = { lr: 0.002, afterSeq: 10 };

describe("sentRateState", () => {
  it("waits for the rate event after the send", () => {
    expect(sentRateState(sent, { rates: [], end: null, lastSeq: 12 })).toEqual({ kind: "waiting", lr: 0.002 });
    // An earlier send of another rate, and one before this send, are not this one's.
    expect(sentRateState(sent, { rates: [rate(9, 0.002), rate(11, 0.005)], end: null, lastSeq: 12 })).toEqual({ kind: "waiting", lr: 0.002 });
  });
  it("took over at its rate event", () => {
    expect(sentRateState(sent, { rates: [rate(11, 0.002)], end: null, lastSeq: 12 })).toEqual({ kind: "set", event: rate(11, 0.002) });
    expect(sentRateState(sent, { rates: [rate(11, 0.002)], end: end(14, "succeeded"), lastSeq: 14 })?.kind).toBe("set");
  });
  it("never set when the run ended first, by its end's word or by an end after the send", () => {
    expect(sentRateState(sent, { rates: [], end: end(13, "cancelled"), lastSeq: 13 })).toEqual({ kind: "neverSet", lr: 0.002, stopped: true });
    expect(sentRateState(null, { rates: [], end: end(13, "succeeded", 0.004), lastSeq: 13 })).toEqual({ kind: "neverSet", lr: 0.004, stopped: false });
    expect(sentRateState(null, { rates: [], end: end(13, "succeeded"), lastSeq: 13 })).toBeNull();
  });
  it("says so in words", () => {
    expect(waitingText(0.002)).toBe("Sent 0.002: it takes over at the next step.");
    expect(neverSetText(0.002, true)).toBe("The run stopped before the new learning rate 0.002 was set: no step trained with it.");
    expect(neverSetText(0.002, false)).toContain("The run ended before");
  });
});
