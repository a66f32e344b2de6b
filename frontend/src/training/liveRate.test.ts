import { describe, expect, it } from "vitest";
import type { ProgressEvent, RateEvent, StartedEvent } from "../api/types";
import { endedRate, liveRate, liveRateHint, rateSetText, shownRate } from "./liveRate";

const set = (step: number, lr: number) => ({ type: "rate", seq: 1, epoch: 1, step, lr }) as RateEvent;
const frame = (step: number, lr: number) => ({ step, lr }) as ProgressEvent;
const started = (firstStep: number) => ({ first_step: firstStep }) as StartedEvent;

describe("liveRate", () => {
  it("is the record's until a frame comes, then the frame's", () => {
    expect(liveRate({ rates: [], progress: null }, 0.1)).toBe(0.1);
    expect(liveRate({ rates: [], progress: frame(40, 0.05) }, 0.1)).toBe(0.05);
  });
  it("is the rate set where no step has trained since, as a paused run set anew", () => {
    expect(liveRate({ rates: [set(40, 0.002)], progress: frame(40, 0.05) }, 0.1)).toBe(0.002);
    expect(liveRate({ rates: [set(40, 0.002)], progress: frame(45, 0.0019) }, 0.1)).toBe(0.0019);
  });
});

describe("endedRate", () => {
  it("takes a rate set in the part it trained last over the record's", () => {
    expect(endedRate({ rates: [set(40, 0.002)], started: started(0) }, 0.1)).toBe(0.002);
    expect(endedRate({ rates: [set(40, 0.002)], started: started(80) }, 0.01)).toBe(0.01); // a Continue set 0.01 since
    expect(endedRate({ rates: [], started: started(0) }, 0.1)).toBe(0.1);
  });
});

describe("texts", () => {
  it("rounds a schedule's rate and says where a new one took over", () => {
    expect(shownRate(0.0049876543)).toBe("0.00499");
    expect(shownRate(0.1)).toBe("0.1");
    expect(rateSetText(set(1234, 0.002), 1235)).toBe("Learning rate set to 0.002 after step 1,234, in epoch 1: it took over.");
    // Set while paused: no step has trained with it yet (a Stop first leaves it never set).
    expect(rateSetText(set(1234, 0.002), 1234)).toBe("Learning rate set to 0.002 after step 1,234, in epoch 1: it trains the next step.");
    expect(liveRateHint("OneCycleLR")).toContain("as OneCycleLR's new peak: the rate warms up to it again");
    expect(liveRateHint("StepLR")).toBe("It takes over at the next step; StepLR starts over from it. The optimizer keeps its momentum.");
  });
});
