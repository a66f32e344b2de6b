import { describe, expect, it } from "vitest";
import type { EndEvent } from "../api/types";
import { statusSaid } from "./statusSaid";

const ended = (status: EndEvent["status"], message: string, step: number): EndEvent =>
  ({ type: "end", seq: 1, status, message, diverged: false, metrics: { epoch: 1, step, val_accuracy: 0.9, val_loss: 0.3, train_loss: 0.2 } }) as EndEvent;

describe("statusSaid", () => {
  it("says what Stop left, not the end message the page shows beside it", () => {
    const said = statusSaid("cancelled", ended("cancelled", "Stopped at step 3348.", 3348), true);
    expect(said).toBe("Stopped. Its weights are kept, and Continue goes on from there.");
    expect(said).not.toMatch(/step/);
    expect(statusSaid("cancelled", ended("cancelled", "Cancelled before it started.", 0), true)).toBe("Cancelled before it took a training step.");
  });

  it("says a finished run's result, and why a run failed", () => {
    expect(statusSaid("succeeded", ended("succeeded", "", 10), true)).toBe("Finished, 90.0% validation accuracy.");
    expect(statusSaid("failed", ended("failed", "Out of memory.", 10), true)).toBe("Failed: Out of memory.");
  });
});
