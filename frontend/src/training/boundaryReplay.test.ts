import { describe, expect, it } from "vitest";
import { MAX_PLAY_FRAMES, playFrames, playStart, positionAt, shownIndex } from "./boundaryReplay";

describe("the map the boundary replay shows", () => {
  it("is the newest while it follows, else the slider's, kept within the maps", () => {
    expect(shownIndex(5, null)).toBe(4);
    expect(shownIndex(5, 2)).toBe(2);
    expect(shownIndex(5, 9)).toBe(4); // a continued run's log can have fewer maps than before
    expect(shownIndex(5, -1)).toBe(0);
    expect(shownIndex(0, null)).toBe(-1);
  });

  it("follows again once the slider reaches the newest map", () => {
    expect(positionAt(0, 5)).toBe(0);
    expect(positionAt(3, 5)).toBe(3);
    expect(positionAt(4, 5)).toBeNull();
    expect(positionAt(0, 1)).toBeNull();
  });
});

describe("Play", () => {
  it("steps through every map of a short run and ends on the last", () => {
    expect(playFrames(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(playFrames(3, 5)).toEqual([3, 4]);
    expect(playFrames(0, 1)).toEqual([0]);
    expect(playFrames(0, 0)).toEqual([]);
  });

  it("skips evenly through a long run, so that it is done in about 6 s, and ends on the last", () => {
    const frames = playFrames(0, 200);
    expect(frames).toHaveLength(MAX_PLAY_FRAMES);
    expect(frames[0]).toBe(0);
    expect(frames.at(-1)).toBe(199);
    const gaps = frames.slice(1).map((frame, i) => frame - frames[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(playFrames(10, 12, 4)).toEqual([10, 11]);
    expect(playFrames(2, 12, 4)).toEqual([2, 5, 8, 11]);
  });

  it("starts from the slider, or from the first map when it shows the newest", () => {
    expect(playStart(5, 2)).toBe(2);
    expect(playStart(5, null)).toBe(0);
    expect(playStart(5, 4)).toBe(0);
  });
});
