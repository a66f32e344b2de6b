import { describe, expect, it } from "vitest";
import type { RunInfo } from "../api/types";
import { numberProblem } from "../editor/numberBounds";
import { currentRate, newRate, prefilledRate, rateChanges, rateHint, rateText, tenthOf, withRatesSet } from "./continueRate";

const run = (lr: number, changes: { epoch: number; step: number; lr: number }[]) => ({ training: { lr }, lr_changes: changes }) as unknown as RunInfo;
const LR = { integer: false, min: 0, min_exclusive: true, max: 10, max_exclusive: false };

describe("continue with a new learning rate", () => {
  it("prefills the rate the run trains with now: its last change, else its setting", () => {
    expect(currentRate(run(0.01, []))).toBe(0.01);
    expect(currentRate(run(0.01, [{ epoch: 3, step: 30, lr: 0.001 }, { epoch: 6, step: 60, lr: 0.0005 }]))).toBe(0.0005);
  });

  it("adds the rates set since the record was read, once each, in the order they took over", () => {
    const kept = { epoch: 2, step: 20, lr: 0.005, live: true };
    const record = run(0.01, [kept]);
    const event = (step: number, lr: number) => ({ type: "rate" as const, seq: step, epoch: 3, step, lr });
    expect(withRatesSet(record, [])).toBe(record);
    expect(withRatesSet(record, [event(20, 0.005)]).lr_changes).toEqual([kept]); // already kept
    const live = withRatesSet(record, [event(20, 0.005), event(35, 0.0005)]);
    expect(live.lr_changes).toEqual([kept, { epoch: 3, step: 35, lr: 0.0005, live: true }]);
    expect(currentRate(live)).toBe(0.0005);
    expect(rateChanges(live).at(-1)).toBe("Learning rate set to 0.0005 in epoch 3, after step 35");
    expect(currentRate(withRatesSet(run(0.01, []), [event(9, 0.002)]))).toBe(0.002);
  });

  it("sends a rate only where the learner changed it", () => {
    expect(newRate("0.01", 0.01)).toBeNull();
    expect(newRate("0.010", 0.01)).toBeNull();
    expect(newRate("0.001", 0.01)).toBe(0.001);
  });

  it("starts at a tenth of a rate the run showed too high, and says why", () => {
    expect(prefilledRate(10, true)).toBe("1");
    expect(prefilledRate(0.003, true)).toBe("0.0003");
    expect(prefilledRate(0.003, false)).toBe("0.003");
    expect(prefilledRate(null, true)).toBe("");
    expect(rateHint(null, 10)).toBe("A tenth of its 10, at which its loss shot up.");
  });

  it("lowers 10× without float noise", () => {
    expect(tenthOf(0.003)).toBe(0.0003);
    expect(tenthOf(0.01)).toBe(0.001);
    expect(tenthOf(1e-7)).toBe(1e-8);
  });

  it("says what is wrong with a typed rate, as the server's bounds have it", () => {
    expect(numberProblem("0", LR)).toBe("0 is too small; use a number above 0, at most 10.");
    expect(numberProblem("-1", LR)).toBe("-1 is too small; use a number above 0, at most 10.");
    expect(numberProblem("11", LR)).toBe("11 is too large; use a number above 0, at most 10.");
    expect(numberProblem("", LR)).toBe("Enter a number above 0, at most 10.");
    expect(numberProblem("0.001", LR)).toBeNull();
  });

  it("tells each change, and the schedule's restart", () => {
    const changed = run(0.01, [{ epoch: 12, step: 120, lr: 0.001 }]);
    expect(rateChanges(changed)).toEqual(["Continued from epoch 12 with learning rate 0.001"]);
    const live = { ...changed, lr_changes: [{ epoch: 2, step: 1234, lr: 0.002, live: true }] } as unknown as RunInfo;
    expect(rateChanges(live)).toEqual(["Learning rate set to 0.002 in epoch 2, after step 1,234"]);
    expect(rateText(changed)).toBe("0.01, then 0.001 from epoch 12");
    expect(rateText(run(0.01, []))).toBe("0.01");
    expect(rateHint("StepLR")).toBe("Lower it 10× to let a good run settle; StepLR starts over from it.");
  });
});
