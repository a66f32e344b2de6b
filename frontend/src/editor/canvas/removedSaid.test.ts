import { describe, expect, it } from "vitest";
import { fromDesign, INPUT_KEY, type LayerGraph } from "../layerGraph";
import { removedSaid } from "./removedSaid";

const layer = (id: string) => ({ id, type: "ReLU", params: {} });
const graph: LayerGraph = fromDesign({ version: 1, name: "d", input_shape: [4], layers: [layer("a"), layer("b"), layer("c")], edges: null });
const [a, b, c] = graph.items.map((item) => item.key) as [number, number, number];

describe("removedSaid", () => {
  it("names the layers removed", () => {
    expect(removedSaid(graph, new Set([b]), [])).toBe("Removed b.");
    expect(removedSaid(graph, new Set([a, b, c]), [])).toBe("Removed a, b and c.");
  });
  it("names a wire by its two ends, the input included", () => {
    expect(removedSaid(graph, new Set(), [[INPUT_KEY, a]])).toBe("Removed the wire input → a.");
    expect(removedSaid(graph, new Set([c]), [[a, b], [INPUT_KEY, b]])).toBe("Removed c, and the wires a → b and input → b.");
  });
  it("says nothing where nothing went", () => {
    expect(removedSaid(graph, new Set(), [])).toBe("");
  });
});
