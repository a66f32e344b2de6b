import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { trainedWith } from "./trainedWith";

const run = (training: object, lr_changes: object[] = []) => ({ training: { optimizer: "Adam", lr: 0.001, ...training }, lr_changes }) as unknown as RunInfo;

describe("trainedWith", () => {
  it("says the optimizer and the rate, and the rate a Continue set", () => {
    expect(trainedWith(run({}))).toBe("Adam lr 0.001");
    expect(trainedWith(run({}, [{ epoch: 9, step: 80, lr: 0.05 }]))).toBe("Adam lr 0.001 → 0.05");
  });

  it("calls a range test what it is", () => {
    expect(trainedWith(run({ range_test: { start_lr: 1e-7, end_lr: 10, steps: 100 } }))).toBe("lr finder");
  });
});
