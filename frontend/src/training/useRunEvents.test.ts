import { describe, expect, it } from "vitest";
import { applyEvent, emptyTally, type RunEvent } from "./events";
import { LIVE_REDRAW_MS, REPLAY_REDRAW_MS, newsOf, redrawDelay } from "./useRunEvents";

describe("redrawDelay", () => {
  it("redraws live events at most every LIVE_REDRAW_MS, the first at once", () => {
    expect(redrawDelay(false, 1000, 1030, false)).toBe(LIVE_REDRAW_MS - 30);
    expect(redrawDelay(false, 1000, 1000 + LIVE_REDRAW_MS, false)).toBe(0);
    expect(redrawDelay(false, -Infinity, 5, false)).toBe(0);
    expect(LIVE_REDRAW_MS).toBeLessThan(REPLAY_REDRAW_MS);
  });

  it("while a history replays, waits until REPLAY_REDRAW_MS after the last redraw", () => {
    expect(redrawDelay(true, 1000, 1100, false)).toBe(REPLAY_REDRAW_MS - 100);
    expect(redrawDelay(true, 1000, 1000 + REPLAY_REDRAW_MS, false)).toBe(0);
    expect(redrawDelay(true, -Infinity, 5, false)).toBe(0); // the first redraw is not held up
  });

  it("draws news at once, however recent the last redraw", () => {
    expect(redrawDelay(false, 1000, 1001, true)).toBe(0);
    expect(redrawDelay(true, 1000, 1001, true)).toBe(0);
  });
});

const progress = (seq: number, step: number): RunEvent => ({ type: "progress", seq, step, loss: 2, grad_norms: {}, epoch: 1, elapsed: step, eta: 1, samples_per_second: 100, lr: 0.1 });

describe("newsOf", () => {
  it("is news: the first point, a pause, the end and the connection; another point is not", () => {
    const tally = emptyTally();
    const seen = [newsOf(tally, "open")];
    applyEvent(tally, { type: "started", seq: 1, device: "cpu", epochs: 2, first_epoch: 1, first_step: 0, layers: ["fc"], steps_per_epoch: 3, total_steps: 6 });
    seen.push(newsOf(tally, "open"));
    applyEvent(tally, progress(2, 1));
    seen.push(newsOf(tally, "open"));
    applyEvent(tally, progress(3, 2));
    expect(newsOf(tally, "open")).toBe(seen.at(-1)); // one more point: no news
    applyEvent(tally, { type: "paused", seq: 4, epoch: 1, step: 2 } as RunEvent);
    seen.push(newsOf(tally, "open"));
    seen.push(newsOf(tally, "reconnecting"));
    applyEvent(tally, { type: "end", seq: 5, status: "succeeded", interrupted: false, diverged: false, metrics: { epoch: 1, step: 2 } } as RunEvent);
    seen.push(newsOf(tally, "closed"));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
