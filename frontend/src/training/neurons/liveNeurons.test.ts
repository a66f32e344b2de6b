import { describe, expect, it } from "vitest";
import type { LiveLayerNeurons } from "../../api/types";
import { unitMaps } from "./liveNeurons";

// Two units of a 2 × 2 grid: bytes 0, 1, 2, 3 then 255, 254, 253, 252.
const layer: LiveLayerNeurons = {
  id: "fc1",
  type: "Linear",
  units: 16,
  min: [-1, 0],
  max: [1, 0.5],
  maps: btoa(String.fromCharCode(0, 1, 2, 3, 255, 254, 253, 252)),
};

describe("unitMaps", () => {
  it("splits the layer's bytes into one map a unit, each with its own range", () => {
    const [first, second] = unitMaps(layer, 2);
    expect(first).toEqual({ size: 2, min: -1, max: 1, bytes: Uint8Array.from([0, 1, 2, 3]) });
    expect(second).toEqual({ size: 2, min: 0, max: 0.5, bytes: Uint8Array.from([255, 254, 253, 252]) });
  });
});
