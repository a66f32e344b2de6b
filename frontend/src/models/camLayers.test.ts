import { describe, expect, it } from "vitest";
import type { ModelView } from "../api/types";
import { camLayers } from "./camLayers";
import { chanceText } from "./chanceText";

describe("a class's chance beside Explain class", () => {
  it("keeps one decimal from 0.1 % up", () => {
    expect(chanceText(0.973)).toBe("97.3%");
    expect(chanceText(0.001)).toBe("0.1%");
    expect(chanceText(1)).toBe("100.0%");
  });

  it("gives a runner-up two significant figures, so that the second reads apart from the third", () => {
    expect(chanceText(0.000031)).toBe("0.0031%");
    expect(chanceText(0.00000812)).toBe("0.00081%");
    expect(chanceText(0.00099)).toBe("0.099%");
    expect(chanceText(0.000012)).toBe("0.0012%");
    expect(chanceText(0.0000012)).toBe("0.00012%");
    const [second, third] = [chanceText(0.00041), chanceText(0.000038)];
    expect(second).not.toBe(third);
  });

  it("says what is too small to count, and 0", () => {
    expect(chanceText(3e-9)).toBe("<0.0001%");
    expect(chanceText(0)).toBe("0%");
  });
});

describe("the layers a Grad-CAM map can be made from", () => {
  it("lists those whose output is (C, H, W), in the design's order", () => {
    const view = {
      design: {
        version: 1,
        name: "cnn",
        input_shape: [1, 8, 8],
        layers: [
          { id: "conv1", type: "Conv2d" },
          { id: "act1", type: "ReLU" },
          { id: "flat", type: "Flatten" },
          { id: "fc", type: "Linear" },
        ],
      },
      validation: {
        nodes: {
          fc: { output_shape: [10], params: 0, macs: 0 },
          conv1: { output_shape: [16, 8, 8], params: 0, macs: 0 },
          act1: { output_shape: [16, 8, 8], params: 0, macs: 0 },
          flat: { output_shape: [1024], params: 0, macs: 0 },
        },
      },
    } as unknown as ModelView;
    expect(camLayers(view)).toEqual([
      { id: "conv1", type: "Conv2d", shape: [16, 8, 8] },
      { id: "act1", type: "ReLU", shape: [16, 8, 8] },
    ]);
  });
});
