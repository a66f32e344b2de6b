import { describe, expect, it } from "vitest";
import type { RunEvent } from "./events";
import { emptyTally } from "./events";
import { applyMessage } from "./runStream";

const frame = (seq: number, step: number): RunEvent => ({
  type: "progress", seq, step, epoch: 1, loss: 1, losses: [1], grad_norms: {}, elapsed: step, eta: 1, samples_per_second: 1, lr: 0.1,
});

describe("applyMessage", () => {
  it("takes a batch (batch=1) and a single event alike, each event once", () => {
    const t = emptyTally();
    applyMessage(t, JSON.stringify([frame(1, 1), frame(2, 2), frame(3, 3)]));
    applyMessage(t, JSON.stringify(frame(4, 4)));
    applyMessage(t, JSON.stringify([frame(3, 3), frame(4, 4), frame(5, 5)])); // a reconnect's overlap
    expect(t.lastSeq).toBe(5);
    expect(t.steps).toEqual([1, 2, 3, 4, 5]);
  });
});
