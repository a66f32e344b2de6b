import { describe, expect, it } from "vitest";
import type { EndEvent } from "../api/types";
import { endMessage } from "./endMessage";
import { statusSaid } from "./statusSaid";

const stopped = (message: string, step: number) => ({ type: "end", seq: 9, status: "cancelled", message, diverged: false, metrics: { epoch: 3, step } }) as EndEvent;

describe("endMessage", () => {
  it("groups the step counts of the server's message as the page writes its numbers", () => {
    expect(endMessage("Stopped at step 3348.")).toBe("Stopped at step 3,348.");
    expect(endMessage("The loss became nan at step 1234567: lower the learning rate.")).toBe("The loss became nan at step 1,234,567: lower the learning rate.");
    expect(endMessage("Stopped at step 999.")).toBe("Stopped at step 999.");
    // A count only where it follows "step": a shape's size is no count to group.
    expect(endMessage("Linear `fc` expects 3348 features but gets (16, 4096).")).toBe("Linear `fc` expects 3348 features but gets (16, 4096).");
  });
});

describe("statusSaid", () => {
  it("says a failed run's end as its banner shows it, numbers and all; a stopped run's, not twice", () => {
    const end = stopped("Stopped at step 3348.", 3348);
    // The banner says "Stopped at step 3,348."; the hidden status, what Stop left (statusSaid.test.ts).
    expect(statusSaid("cancelled", end, true)).toBe("Stopped. Its weights are kept, and Continue goes on from there.");
    expect(statusSaid("cancelled", stopped("Cancelled before it started.", 0), true)).toBe("Cancelled before it took a training step.");
    expect(statusSaid("failed", { ...end, status: "failed", message: "The loss became nan at step 12000: lower the learning rate." }, true)).toBe(
      "Failed: The loss became nan at step 12,000: lower the learning rate.",
    );
  });
});
