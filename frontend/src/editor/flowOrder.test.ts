import { describe, expect, it } from "vitest";
import { feeds, flowOrder } from "./flowOrder";

describe("flowOrder", () => {
  it("keeps a stack in its order", () => {
    const wires: [string, string][] = [["input", "a"], ["a", "b"], ["b", "c"]];
    expect(flowOrder(["a", "b", "c"], wires)).toEqual(["a", "b", "c"]);
  });

  it("puts a layer wired in later after the layer that feeds it", () => {
    // LeNet's tail rewired on the canvas: act3 → drop1 → fc2, drop1 added last.
    const layers = ["fc1", "act3", "fc2", "drop1"];
    const wires: [string, string][] = [["input", "fc1"], ["fc1", "act3"], ["act3", "drop1"], ["drop1", "fc2"]];
    expect(flowOrder(layers, wires)).toEqual(["fc1", "act3", "drop1", "fc2"]);
  });

  it("lists a join after all of its inputs, each branch unbroken", () => {
    const layers = ["add", "conv1", "skip", "conv2"];
    const wires: [string, string][] = [["input", "conv1"], ["conv1", "conv2"], ["input", "skip"], ["conv2", "add"], ["skip", "add"]];
    expect(flowOrder(layers, wires)).toEqual(["conv1", "conv2", "skip", "add"]);
  });

  it("lists a layer with no input once the chains before it end", () => {
    const wires: [string, string][] = [["input", "a"], ["a", "b"]];
    expect(flowOrder(["a", "loose", "b"], wires)).toEqual(["a", "b", "loose"]);
  });

  it("keeps its place for a layer on a cycle", () => {
    const wires: [string, string][] = [["input", "a"], ["b", "c"], ["c", "b"]];
    expect(flowOrder(["a", "b", "c"], wires)).toEqual(["a", "b", "c"]);
  });

  it("says where one layer feeds the next", () => {
    const wires: [string, string][] = [["act3", "drop1"], ["drop1", "fc2"]];
    expect(feeds(wires, "act3", "drop1")).toBe(true);
    expect(feeds(wires, "fc2", "drop1")).toBe(false);
  });
});
