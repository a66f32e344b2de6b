import { describe, expect, it } from "vitest";
import type { RunEvent } from "./events";
import { emptyTally } from "./events";
import { applyMessage, refusal } from "./runStream";

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

  it("takes a heartbeat as no event: nothing to draw, no seq taken", () => {
    const t = emptyTally();
    expect(applyMessage(t, JSON.stringify([frame(1, 1)]))).toBe(true);
    expect(applyMessage(t, JSON.stringify({ type: "heartbeat" }))).toBe(false);
    expect(t.lastSeq).toBe(1);
    expect(t.steps).toEqual([1]);
  });

  it("skips an event that does not fit its type, as a damaged one, and applies the rest of its batch", () => {
    const t = emptyTally();
    const end = { type: "end", seq: 4, status: "completed", interrupted: false, diverged: false, metrics: { epoch: 1, step: 3 } };
    applyMessage(t, JSON.stringify([frame(1, 1), { seq: 2, type: "progress" }, frame(3, 3), end]));
    expect(t.steps).toEqual([1, 3]);
    expect(t.progress?.step).toBe(3);
    expect(t.end?.status).toBe("completed");
    expect(t.lastSeq).toBe(4);
    applyMessage(t, JSON.stringify({ seq: 5, type: "end" })); // alone, too: no throw, the end kept, its seq taken
    expect(t.lastSeq).toBe(5);
    expect(t.end?.seq).toBe(4);
  });
});

describe("refusal", () => {
  it("stops on the server's 4xxx close with its reason, and retries anything else", () => {
    expect(refusal(4404, "Run r1 is not among this browser's runs: open it in the browser that started it, or ask for a share link.", "r1")).toBe(
      "Run r1 is not among this browser's runs: open it in the browser that started it, or ask for a share link.",
    );
    expect(refusal(4422, "after: Input should be greater than or equal to 0", "r1")).toMatch(/^after:/);
    expect(refusal(4404, "", "r1")).toBe("Run r1 not found.");
    expect(refusal(1006, "", "r1")).toBeNull(); // a dropped connection: try again
    expect(refusal(1011, "internal", "r1")).toBeNull();
  });
});
