import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { stepsHint } from "./stepsHint";

const set = (train_size: number) => ({ train_size }) as DatasetSpec;

describe("stepsHint", () => {
  it("says a run of few steps will learn little, and how many epochs would do", () => {
    expect(stepsHint(set(480), 10, 64)).toBe(
      "This run takes 80 optimizer steps (10 epochs of 8 batches): too few for most networks to learn much. Raise the epochs to about 70, or lower the batch size.",
    );
  });

  it("says nothing of a run with steps enough", () => {
    expect(stepsHint(set(1437), 10, 64)).toBeNull(); // 230 steps
    expect(stepsHint(set(480), 70, 64)).toBeNull();
    expect(stepsHint(undefined, 10, 64)).toBeNull();
  });

  it("says when a batch holds the whole training set", () => {
    expect(stepsHint(set(1437), 200, 5000)).toBe("A batch of 5,000 is over the 1,437 training samples: each epoch is one step of all of them.");
    expect(stepsHint(set(1437), 10, 5000)).toBe(
      "A batch of 5,000 is over the 1,437 training samples: each epoch is one step of all of them. " +
        "This run takes 10 optimizer steps (10 epochs of 1 batch): too few for most networks to learn much. Raise the epochs to about 500.",
    );
  });

  it("names the epochs and batch size a set learns with when the run takes under half their steps", () => {
    const spirals = { train_size: 432, title: "Two spirals", suggested: { epochs: 50, batch_size: 32 } } as DatasetSpec;
    expect(stepsHint(spirals, 30, 64)).toBe(
      "This run takes 210 optimizer steps, where Two spirals learns with 50 epochs in batches of 32 (700 steps): set those to give it the time it needs.",
    );
    expect(stepsHint(spirals, 50, 32)).toBeNull();
    expect(stepsHint(spirals, 25, 32)).toBeNull(); // half of them: the person's choice
  });
});
