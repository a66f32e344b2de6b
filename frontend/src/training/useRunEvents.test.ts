import { describe, expect, it } from "vitest";
import { REPLAY_REDRAW_MS, redrawDelay } from "./useRunEvents";

describe("redrawDelay", () => {
  it("redraws live events at the next frame, however recent the last redraw", () => {
    expect(redrawDelay(false, 1000, 1001)).toBe(0);
  });

  it("while a history replays, waits until REPLAY_REDRAW_MS after the last redraw", () => {
    expect(redrawDelay(true, 1000, 1100)).toBe(REPLAY_REDRAW_MS - 100);
    expect(redrawDelay(true, 1000, 1000 + REPLAY_REDRAW_MS)).toBe(0);
    expect(redrawDelay(true, -Infinity, 5)).toBe(0); // the first redraw is not held up
  });
});
