import { describe, expect, it } from "vitest";
import type { LayerSpec } from "../api/types";
import { swapsFor, swapType } from "./layerSwap";

const spec = (type: string, category: string, params: [string, unknown][] = [], joins = false, input = "any"): LayerSpec =>
  ({ type, category, joins, input, help: "", inferred: {}, params: params.map(([name, value]) => ({ name, default: value })) }) as unknown as LayerSpec;

const SPECS = new Map(
  [
    spec("ReLU", "activation"),
    spec("LeakyReLU", "activation", [["negative_slope", 0.01]]),
    spec("Tanh", "activation"),
    spec("MaxPool2d", "pooling", [["kernel_size", 2], ["stride", null]], false, "image"),
    spec("AvgPool2d", "pooling", [["kernel_size", 2], ["stride", null], ["ceil_mode", false]], false, "image"),
    spec("AdaptiveAvgPool2d", "pooling", [["output_size", 1]], false, "image"),
    spec("MaxPool1d", "pooling", [["kernel_size", 2]], false, "sequence"),
    spec("Conv2d", "convolution", [["out_channels", 8]], false, "image"),
    spec("Conv1d", "convolution", [["out_channels", 8]], false, "sequence"),
    spec("BatchNorm1d", "normalization", [], false, "flat_or_sequence"),
    spec("BatchNorm2d", "normalization", [], false, "image"),
    spec("LayerNorm", "normalization"),
    spec("Linear", "linear", [["out_features", 10]]),
    spec("Add", "merge", [], true),
    spec("Concat", "merge", [["dim", 1]], true),
  ].map((s) => [s.type, s]),
);

describe("swapsFor", () => {
  it("offers the types of a layer's kind, the same array each time", () => {
    expect(swapsFor(SPECS, "ReLU").map((s) => s.type)).toEqual(["ReLU", "LeakyReLU", "Tanh"]);
    expect(swapsFor(SPECS, "Tanh")).toBe(swapsFor(SPECS, "Tanh"));
    expect(swapsFor(SPECS, "Concat").map((s) => s.type)).toEqual(["Add", "Concat"]);
    expect(swapsFor(SPECS, "Linear")).toEqual([]); // nothing else of its kind
    expect(swapsFor(SPECS, "Unknown")).toEqual([]);
  });

  it("offers only types that take the layer's input: no Conv1d for a Conv2d", () => {
    expect(swapsFor(SPECS, "Conv2d")).toEqual([]);
    expect(swapsFor(SPECS, "MaxPool2d").map((s) => s.type)).toEqual(["MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"]);
    expect(swapsFor(SPECS, "BatchNorm2d").map((s) => s.type)).toEqual(["BatchNorm2d", "LayerNorm"]);
    // LayerNorm takes any input: what it may become depends on what reaches it, when known.
    expect(swapsFor(SPECS, "LayerNorm").map((s) => s.type)).toEqual(["BatchNorm1d", "BatchNorm2d", "LayerNorm"]);
    expect(swapsFor(SPECS, "LayerNorm", 3).map((s) => s.type)).toEqual(["BatchNorm2d", "LayerNorm"]);
    expect(swapsFor(SPECS, "LayerNorm", 1).map((s) => s.type)).toEqual(["BatchNorm1d", "LayerNorm"]);
    expect(swapsFor(SPECS, "LayerNorm", 3)).toBe(swapsFor(SPECS, "LayerNorm", 3));
  });
});

describe("swapType", () => {
  it("keeps the params both types take, and an id of its own", () => {
    const pool = { id: "down", type: "MaxPool2d", params: { kernel_size: 3, stride: 1 } };
    expect(swapType(pool, SPECS.get("AvgPool2d")!, [])).toEqual({ id: "down", type: "AvgPool2d", params: { kernel_size: 3, stride: 1, ceil_mode: false } });
    const leaky = { id: "act1", type: "LeakyReLU", params: { negative_slope: 0.2 } };
    expect(swapType(leaky, SPECS.get("Tanh")!, [])).toEqual({ id: "act1", type: "Tanh" }); // its slope goes
  });

  it("renames an id made from the old type after the new one", () => {
    expect(swapType({ id: "relu2", type: "ReLU" }, SPECS.get("Tanh")!, ["tanh1"])).toEqual({ id: "tanh2", type: "Tanh" });
    expect(swapType({ id: "relu2", type: "ReLU" }, SPECS.get("LeakyReLU")!, [])).toEqual({ id: "leakyrelu1", type: "LeakyReLU", params: { negative_slope: 0.01 } });
    // pool1 stays pool1: both pooling types make "pool" ids.
    expect(swapType({ id: "pool1", type: "MaxPool2d" }, SPECS.get("AvgPool2d")!, []).id).toBe("pool1");
  });

  it("brings back what the layer had before a run of swaps, id and settings", () => {
    const before = { id: "pool2", type: "MaxPool2d", params: { kernel_size: 3, stride: 1 } };
    const passing = swapType(before, SPECS.get("AdaptiveAvgPool2d")!, ["pool1"]);
    expect(passing).toEqual({ id: "gap1", type: "AdaptiveAvgPool2d", params: { output_size: 1 } });
    expect(swapType(passing, SPECS.get("AvgPool2d")!, ["pool1"], before)).toEqual({ id: "pool2", type: "AvgPool2d", params: { kernel_size: 3, stride: 1, ceil_mode: false } });
    expect(swapType(passing, SPECS.get("MaxPool2d")!, ["pool1"], before)).toEqual(before);
    const relu = { id: "relu2", type: "ReLU" };
    expect(swapType(swapType(relu, SPECS.get("Tanh")!, ["relu1"]), SPECS.get("ReLU")!, ["relu1"], relu)).toEqual(relu);
  });
});
