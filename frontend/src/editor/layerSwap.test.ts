import { describe, expect, it } from "vitest";
import type { LayerSpec } from "../api/types";
import { swapsFor, swapType } from "./layerSwap";

const spec = (type: string, category: string, params: [string, unknown][] = [], joins = false): LayerSpec =>
  ({ type, category, joins, help: "", inferred: {}, params: params.map(([name, value]) => ({ name, default: value })) }) as unknown as LayerSpec;

const SPECS = new Map(
  [
    spec("ReLU", "activation"),
    spec("LeakyReLU", "activation", [["negative_slope", 0.01]]),
    spec("Tanh", "activation"),
    spec("MaxPool2d", "pooling", [["kernel_size", 2], ["stride", null]]),
    spec("AvgPool2d", "pooling", [["kernel_size", 2], ["stride", null], ["ceil_mode", false]]),
    spec("Linear", "linear", [["out_features", 10]]),
    spec("Add", "merge", [], true),
    spec("Concat", "merge", [["dim", 1]], true),
  ].map((s) => [s.type, s]),
);

describe("swapsFor", () => {
  it("offers the types of a layer's kind, the same array each time", () => {
    expect(swapsFor(SPECS, "ReLU").map((s) => s.type)).toEqual(["ReLU", "LeakyReLU", "Tanh"]);
    expect(swapsFor(SPECS, "Tanh")).toBe(swapsFor(SPECS, "ReLU"));
    expect(swapsFor(SPECS, "Concat").map((s) => s.type)).toEqual(["Add", "Concat"]);
    expect(swapsFor(SPECS, "Linear")).toEqual([]); // nothing else of its kind
    expect(swapsFor(SPECS, "Unknown")).toEqual([]);
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
});
