import { describe, expect, it } from "vitest";
import type { Quantised } from "../api/types";
import { bytesOf, shownOf, tileScale, valueOf } from "./quantised";

const tiles: Quantised = { view: "tiles", shape: [16, 2, 2], of: 64, scaled_from: null, min: -1, max: 1, data: btoa("\x00\xff") };

describe("quantised", () => {
  it("decodes bytes and the values they stand for", () => {
    expect(Array.from(bytesOf(tiles))).toEqual([0, 255]);
    expect(valueOf(tiles, 0)).toBe(-1);
    expect(valueOf(tiles, 255)).toBe(1);
  });
  it("says how much of the tensor is drawn", () => {
    expect(shownOf(tiles, "channels")).toBe("16 of 64 channels");
    expect(shownOf({ ...tiles, shape: [1, 64, 64], of: 1, scaled_from: [72, 72] }, "channels")).toBe("1 channel, each 72×72 averaged down to 64×64");
    expect(shownOf({ ...tiles, view: "strip", shape: [256], of: 4096 }, "channels")).toBe("the first 256 of 4,096 values");
    expect(shownOf({ ...tiles, view: "strip", shape: [10], of: 10 }, "channels")).toBe("10 values");
  });
  it("scales small maps up, large ones not", () => {
    expect(tileScale(8, 8)).toBe(5);
    expect(tileScale(64, 64)).toBe(1);
  });
});
