import { describe, expect, it } from "vitest";
import { LIVE_REDRAW_MS, REPLAY_REDRAW_MS, redrawDelay } from "./useRunEvents";

describe("redrawDelay", () => {
  it("redraws live events at most every LIVE_REDRAW_MS, the first at once", () => {
    expect(redrawDelay(false, 1000, 1030)).toBe(LIVE_REDRAW_MS - 30);
    expect(redrawDelay(false, 1000, 1000 + LIVE_REDRAW_MS)).toBe(0);
    expect(redrawDelay(false, -Infinity, 5)).toBe(0); // the run's first point is not held up
    expect(LIVE_REDRAW_MS).toBeLessThan(REPLAY_REDRAW_MS);
  });

  it("while a history replays, waits until REPLAY_REDRAW_MS after the last redraw", () => {
    expect(redrawDelay(true, 1000, 1100)).toBe(REPLAY_REDRAW_MS - 100);
    expect(redrawDelay(true, 1000, 1000 + REPLAY_REDRAW_MS)).toBe(0);
    expect(redrawDelay(true, -Infinity, 5)).toBe(0); // the first redraw is not held up
  });
});
