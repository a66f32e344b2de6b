import { describe, expect, it } from "vitest";
import type { GradCam } from "../api/types";
import { heatWords } from "./HeatOverlay";

const cam = (heat: number[]) => ({ heat, width: 2, height: 2, class_name: "3", layer: "conv1" }) as unknown as GradCam;

describe("heatWords", () => {
  it("says where an empty map leaves the answer to come from, beside the answer it explains", () => {
    expect(heatWords(cam([0, 0, 0, 0]))).toBe(
      "Nothing in this picture pushed the model toward “3” at conv1: the map is empty. Its answer comes from what the layers after conv1 make of the picture, or from a picture unlike those it trained on.",
    );
  });
});
