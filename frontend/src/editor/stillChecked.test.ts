import { describe, expect, it } from "vitest";
import type { Design, ValidateResponse } from "../api/types";
import { heldLayers, stillChecked } from "./stillChecked";

const mlp: Design = {
  version: 1,
  name: "mlp",
  input_shape: [1, 8, 8],
  layers: [
    { id: "flat", type: "Flatten" },
    { id: "fc1", type: "Linear", params: { out_features: 64 } },
    { id: "act1", type: "ReLU" },
    { id: "fc2", type: "Linear", params: { out_features: 10 } },
  ],
};
const withLayers = (layers: Design["layers"]): Design => ({ ...mlp, layers });
const checked: ValidateResponse = {
  valid: true,
  errors: [],
  warnings: [{ node: "fc2", message: "late" }],
  output_shape: [10],
  total_params: 4810,
  nodes: {
    input: { output_shape: [1, 8, 8] },
    flat: { output_shape: [64] },
    fc1: { output_shape: [64] },
    act1: { output_shape: [64] },
    fc2: { output_shape: [10] },
  } as unknown as ValidateResponse["nodes"],
  parameters: [
    { name: "fc1.weight", layer: "fc1", shape: [64, 64], count: 4096 },
    { name: "fc1.bias", layer: "fc1", shape: [64], count: 64 },
    { name: "fc2.weight", layer: "fc2", shape: [10, 64], count: 640 },
    { name: "fc2.bias", layer: "fc2", shape: [10], count: 10 },
  ],
  estimate: null,
};

describe("heldLayers", () => {
  it("holds every layer of the design checked", () => {
    expect([...heldLayers(mlp, { ...mlp, name: "renamed" })].sort()).toEqual(["act1", "fc1", "fc2", "flat", "input"]);
  });
  it("holds the layers before a change, and none from it on", () => {
    const changed = withLayers(mlp.layers.map((l) => (l.id === "fc1" ? { ...l, params: { out_features: 32 } } : l)));
    expect([...heldLayers(mlp, changed)].sort()).toEqual(["flat", "input"]);
  });
  it("holds no layer past one removed, whose input is another now", () => {
    const removed = withLayers(mlp.layers.filter((l) => l.id !== "act1"));
    expect([...heldLayers(mlp, removed)].sort()).toEqual(["fc1", "flat", "input"]);
  });
  it("holds nothing of another template whose ids are alike, nor past a new input shape", () => {
    const cnn = withLayers([
      { id: "flat", type: "Conv2d", params: { out_channels: 8, kernel_size: 3 } },
      { id: "fc1", type: "Flatten" },
      { id: "fc2", type: "Linear", params: { out_features: 10 } },
    ]);
    expect([...heldLayers(mlp, cnn)]).toEqual(["input"]);
    expect([...heldLayers(mlp, { ...mlp, input_shape: [3, 8, 8] })]).toEqual([]);
  });
  it("follows the edges of a graph: a branch changed leaves the other held, not the join", () => {
    const graph: Design = {
      ...mlp,
      layers: [
        { id: "flat", type: "Flatten" },
        { id: "a", type: "Linear", params: { out_features: 16 } },
        { id: "b", type: "Linear", params: { out_features: 16 } },
        { id: "add", type: "Add" },
      ],
      edges: [["input", "flat"], ["flat", "a"], ["flat", "b"], ["a", "add"], ["b", "add"]],
    };
    const changed = { ...graph, layers: graph.layers.map((l) => (l.id === "b" ? { ...l, params: { out_features: 8 } } : l)) };
    expect([...heldLayers(graph, changed)].sort()).toEqual(["a", "flat", "input"]);
    const rewired = { ...graph, edges: [...(graph.edges ?? []).filter(([, to]) => to !== "b"), ["a", "b"] as [string, string]] };
    expect([...heldLayers(graph, rewired)].sort()).toEqual(["a", "flat", "input"]);
  });
});

describe("stillChecked", () => {
  it("keeps the answer whole for the design it checked", () => {
    expect(stillChecked(mlp, mlp, checked)).toBe(checked);
  });
  it("cuts shapes, counts and issues to the layers that hold, and says no output or verdict", () => {
    const changed = withLayers(mlp.layers.map((l) => (l.id === "fc2" ? { ...l, params: { out_features: 3 } } : l)));
    const cut = stillChecked(mlp, changed, checked);
    expect(Object.keys(cut.nodes).sort()).toEqual(["act1", "fc1", "flat", "input"]);
    expect(cut.nodes.fc1).toBe(checked.nodes.fc1);
    expect(cut.parameters?.map((p) => p.name)).toEqual(["fc1.weight", "fc1.bias"]);
    expect(cut.total_params).toBe(4160);
    expect(cut.warnings).toEqual([]);
    expect([cut.output_shape, cut.valid]).toEqual([null, false]);
  });
});
