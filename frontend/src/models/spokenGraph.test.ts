import { describe, expect, it } from "vitest";
import type { Design, ValidateResponse } from "../api/types";
import { spokenGraph } from "./ModelGraph";

const shapes = (entries: [string, number[]][]) =>
  ({ nodes: Object.fromEntries(entries.map(([id, output_shape]) => [id, { output_shape }])) }) as unknown as ValidateResponse;

describe("spokenGraph", () => {
  it("says a stack's layers in order, each with its output shape", () => {
    const design: Design = { version: 1, name: "m", input_shape: [1, 8, 8], layers: [{ id: "flat", type: "Flatten" }, { id: "fc", type: "Linear" }] };
    expect(spokenGraph(design, shapes([["flat", [64]], ["fc", [10]]]))).toBe("Architecture, 2 layers: input (1, 8, 8), then flat Flatten (64), then fc Linear (10).");
  });

  it("says what a join takes, and leaves out a shape it does not have", () => {
    const design: Design = {
      version: 1,
      name: "r",
      input_shape: [4],
      layers: [{ id: "a", type: "Linear" }, { id: "b", type: "Linear" }, { id: "add", type: "Add" }],
      edges: [["input", "a"], ["a", "b"], ["b", "add"], ["a", "add"]],
    };
    expect(spokenGraph(design, shapes([["a", [4]], ["b", [4]]]))).toBe(
      "Architecture, 3 layers: input (4), then a Linear (4), then b Linear (4), then add Add. add takes b and a.",
    );
  });
});
