import { describe, expect, it } from "vitest";
import { partNotice } from "./startSweep";

describe("partNotice", () => {
  it("says how many runs started and why the rest did not", () => {
    const plan = { key: "lr" as const, values: [0.001, 0.003, 0.01, 0.03] };
    const why = "You have 20 runs queued, running or paused, the most this server allows (TORCHCANVAS_MAX_ACTIVE_RUNS=20): wait for one to end, or stop one.";
    expect(partNotice(plan, [0.001, 0.003], 0.01, why)).toBe(
      `2 of 4 runs started (lr=1e-3, 3e-3); lr=1e-2 was refused, so lr=3e-2 was not sent: ${why}`,
    );
    expect(partNotice({ key: "seed", values: [0, 1] }, [0], 1, "Queue full.")).toBe("1 of 2 runs started (seed=0); seed=1 was refused: Queue full.");
  });
});
