import { describe, expect, it } from "vitest";
import type { Layer } from "../api/types";
import { inputChoices, wireChoices } from "./inputChoices";
import { fromDesign, INPUT_KEY } from "./layerGraph";

const layer = (id: string, type: string): Layer => ({ id, type });

// input → a → b → add, and a → add (a skip), then add → c.
const g = fromDesign({
  version: 1,
  name: "t",
  input_shape: [4],
  layers: [layer("a", "Linear"), layer("b", "ReLU"), layer("add", "Add"), layer("c", "ReLU")],
  edges: [["input", "a"], ["a", "b"], ["b", "add"], ["a", "add"], ["add", "c"]],
});
const key = (id: string) => g.items.find((it) => it.layer.id === id)!.key;
const ids = (keys: { id: string }[]) => keys.map((k) => k.id);

describe("inputChoices", () => {
  it("lists a join's inputs and offers the layers that add no cycle", () => {
    const choices = inputChoices(g, key("add"), true);
    expect(choices.current).toEqual([key("b"), key("a")]);
    expect(ids(choices.options)).toEqual(["input"]); // c is fed by add: a cycle
  });

  it("offers a one-input layer any other source that makes no cycle", () => {
    const choices = inputChoices(g, key("b"), false);
    expect(choices.current).toEqual([key("a")]);
    expect(ids(choices.options)).toEqual(["input"]); // add and c are downstream of b
    expect(ids(inputChoices(g, key("c"), false).options)).toEqual(["input", "a", "b"]);
    expect(inputChoices(g, key("a"), false).current).toEqual([INPUT_KEY]);
  });
});

describe("wireChoices", () => {
  const wires = (id: string) => wireChoices(g, key(id)).map((c) => `${c.from}>${c.to}`);

  it("offers every wire but the layer's own and the skip beside it, from the input on", () => {
    // b already stands between a and add: on the skip a → add it would change nothing.
    expect(wires("b")).toEqual(["input>a", "add>c"]);
    expect(wires("c")).toEqual(["input>a", "a>b", "b>add", "a>add"]);
  });
});
