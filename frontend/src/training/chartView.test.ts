import { describe, expect, it } from "vitest";
import { constantLr, constantLrText, ema, stepX } from "./chartView";
import { applyEvent, emptyTally } from "./events";

function tallyOf(steps: number[], perEpoch: number) {
  const t = emptyTally();
  applyEvent(t, { type: "started", seq: 1, device: "cpu", epochs: 2, first_epoch: 1, first_step: 0, layers: ["fc"], steps_per_epoch: perEpoch, total_steps: 2 * perEpoch });
  steps.forEach((step, i) =>
    applyEvent(t, { type: "progress", seq: i + 2, step, epoch: 1, loss: 1, grad_norms: {}, elapsed: step / 10, eta: 1, samples_per_second: 1, lr: 0.1 }),
  );
  return t;
}

describe("ema", () => {
  it("is the values themselves at weight 0", () => {
    expect(ema([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it("debiases the start and smooths a jump", () => {
    const smoothed = ema([1, 1, 1, 5], 0.5) as number[];
    expect(smoothed[0]).toBeCloseTo(1);
    expect(smoothed[2]).toBeCloseTo(1);
    expect(smoothed[3]).toBeGreaterThan(1);
    expect(smoothed[3]).toBeLessThan(5);
  });

  it("leaves gaps as gaps", () => {
    expect(ema([1, null, 1], 0.9)[1]).toBeNull();
    expect(ema([1, null, 1], 0.9)[2]).toBeCloseTo(1);
  });
});

describe("stepX", () => {
  const t = tallyOf([5, 10, 15], 10);
  it("gives steps, fractional epochs or seconds", () => {
    expect([...stepX(t, "step").values()]).toEqual([5, 10, 15]);
    expect([...stepX(t, "epoch").values()]).toEqual([0.5, 1, 1.5]);
    expect([...stepX(t, "time").values()]).toEqual([0.5, 1, 1.5]);
  });
});

describe("a loss that reaches exactly 0", () => {
  // A spiral learnt to 100 %: a float32 cross-entropy of 0, step after step.
  const losses = [0.7, 1e-3, ...Array<number>(3000).fill(0)];

  it("is smoothed down to 0, not stuck at the smallest double (4.94e-324)", () => {
    expect(ema(losses, 0.6).at(-1)).toBe(0);
  });
});

describe("constantLr", () => {
  it("is the rate when it never changed, else null", () => {
    expect(constantLr([null, 0.1, 0.1])).toBe(0.1);
    expect(constantLr([0.1, 0.05])).toBeNull();
    expect(constantLr([null])).toBeNull();
  });
});

describe("constantLrText", () => {
  it("names the schedule that left the rate as it was, or says there was none", () => {
    expect(constantLrText("1e-3", "StepLR")).toBe("1e-3, constant: StepLR did not change it in these epochs");
    expect(constantLrText("1e-3", null)).toBe("1e-3, constant (no schedule)");
  });
});
