import { describe, expect, it } from "vitest";
import type { EndEvent, StartedEvent } from "../api/types";
import { applyEvent, emptyTally, type RunEvent } from "./events";
import { historyText } from "./runHistory";
import { replacesText } from "./moreEpochs";

const STEPS = 100; // steps an epoch

const started = (seq: number, epochs: number, firstEpoch = 1, lr: number | null = null): StartedEvent => ({
  type: "started", seq, device: "cpu", epochs, first_epoch: firstEpoch, first_step: (firstEpoch - 1) * STEPS, layers: ["fc"], steps_per_epoch: STEPS, total_steps: epochs * STEPS, lr,
});

const end = (seq: number, status: EndEvent["status"], epoch: number, more: Partial<EndEvent> = {}): EndEvent => ({
  type: "end", seq, status, interrupted: false, diverged: false, metrics: { epoch, step: epoch * STEPS }, ...more,
});

const STOPPED = { interrupted: true, message: "The server stopped before this run finished. It goes on from its last checkpoint when the server starts again." };

/** The line of a log, as the tally folds it from the stream. */
function history(events: RunEvent[], copiedAt: number | null = null): string | null {
  const tally = emptyTally();
  for (const event of events) applyEvent(tally, event);
  return historyText(tally.history, copiedAt === null ? null : { seq: copiedAt });
}

describe("historyText", () => {
  it("says nothing of a run trained once, ended or not", () => {
    expect(history([])).toBeNull();
    expect(history([started(1, 30)])).toBeNull();
    expect(history([started(1, 30), end(2, "succeeded", 30)])).toBeNull();
  });

  it("says a Train N more with the epoch it went on from, and its new rate", () => {
    const log = [started(1, 30), end(2, "succeeded", 30), started(3, 35, 31)];
    expect(history(log)).toBe("Trained 30 epochs, then 5 more (Continue at epoch 30).");
    expect(history([...log, end(4, "succeeded", 35), started(5, 45, 36, 0.001)])).toBe(
      "Trained 30 epochs, then 5 more (Continue at epoch 30), then 10 more at learning rate 0.001 (Continue at epoch 35).",
    );
  });

  it("says where a server's stop interrupted it, and the epochs in all once it ended", () => {
    // Stopped in epoch 30 at step 2,921: its checkpoint there, it went on to its plan.
    const resumed: StartedEvent = { ...started(3, 40, 30), first_step: 2921 };
    const log = [started(1, 40), end(2, "failed", 29, STOPPED), resumed];
    expect(history(log)).toBe("Trained 29 epochs, went on after a server stop at step 2,921.");
    expect(history([...log, end(4, "succeeded", 40)])).toBe("Trained 29 epochs, went on after a server stop at step 2,921: 40 epochs in all.");
  });

  it("tells a Stop, a worker's end and a failure apart", () => {
    const after = (ended: EndEvent) => history([started(1, 10), ended, started(3, 10, 5)]);
    expect(after(end(2, "cancelled", 4))).toBe("Trained 4 epochs, went on after a Stop at step 400.");
    expect(after(end(2, "failed", 4, { interrupted: true, message: "Its worker stopped." }))).toBe("Trained 4 epochs, went on after it was interrupted at step 400.");
    expect(after(end(2, "failed", 4, { message: "Out of memory." }))).toBe("Trained 4 epochs, went on after it failed at step 400.");
    // Paused when the server stopped: no end, and its Resume after the restart starts it again.
    const paused: RunEvent = { type: "paused", seq: 2, epoch: 5, step: 420 };
    expect(history([started(1, 10), paused, { ...started(3, 10, 5), first_step: 420 }])).toBe("Trained 4 epochs, went on after a server stop while paused at step 420.");
    // A Continue stopped while queued ends again with no start: the start after still reads the stop.
    expect(history([started(1, 10), end(2, "cancelled", 4), end(3, "cancelled", 4), started(4, 10, 5)])).toBe("Trained 4 epochs, went on after a Stop at step 400.");
  });

  it("says a copy's own part, from the epoch it was copied at", () => {
    const original = [started(1, 30), end(2, "succeeded", 30)];
    expect(history(original, 2)).toBe("Trained 30 epochs, then copied to train more as this new run (the original keeps its model).");
    const copy = [...original, started(3, 35, 31)];
    expect(history(copy, 2)).toBe("Trained 30 epochs, then 5 more as this new run (copied at epoch 30; the original keeps its model).");
    // The original's own Continue before the copy stays its history; the copy's part comes after.
    const twice = [started(1, 30), end(2, "succeeded", 30), started(3, 35, 31), end(4, "succeeded", 35), started(5, 40, 36)];
    expect(history(twice, 4)).toBe(
      "Trained 30 epochs, then 5 more (Continue at epoch 30), then 5 more as this new run (copied at epoch 35; the original keeps its model).",
    );
  });
});

describe("replacesText", () => {
  it("names the model Train replaces and the epoch of the one after", () => {
    expect(replacesText({ epoch: 30, val_loss: 0.10612 }, 5)).toBe("replaces this run's model (epoch 30, val loss 0.1061) with the one after epoch 35");
    expect(replacesText({ epoch: 30, val_loss: 0.2, kept_epoch: 24 }, 5)).toBe("replaces this run's model (epoch 24, val loss 0.2000) with the one after epoch 35");
    expect(replacesText(null, 5)).toBe("trains this run on to epoch 5");
  });
});
