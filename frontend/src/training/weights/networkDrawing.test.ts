import { describe, expect, it } from "vitest";
import type { NetworkWeights } from "../../api/types";
import { COLUMN_GAP, edgeAfterKey, edgeWidth, formatScale, formatWeight, NAME_CHAR, networkDrawing, NODE_RADIUS, ROW_GAP, shortName, WIDTH_FLOOR, WIDTH_MAX, WIDTH_MIN, widthScale } from "./networkDrawing";

// 2 → 3 (Tanh) → 1: fc1's rows are its 3 units, each with a weight from x₁ and from x₂.
const NETWORK: NetworkWeights = {
  inputs: ["x₁", "x₂"],
  layers: [
    { id: "fc1", weight: [[0.5, -1.25], [0, 3], [-6, 0.001]], bias: [0.1, -0.2, 0], after: ["Tanh"] },
    { id: "out", weight: [[2, -0.75, 1]], bias: null, after: [] },
  ],
  not_drawn: null,
};

describe("networkDrawing", () => {
  const drawing = networkDrawing(NETWORK)!;

  it("draws a column a layer and an edge for each weight, in torch's row order", () => {
    expect(drawing.nodes.map((column) => column.length)).toEqual([2, 3, 1]);
    expect(drawing.columns.map((c) => [c.title, c.subtitle])).toEqual([["input", "2 units"], ["fc1", "Tanh"], ["out", "output"]]);
    expect(drawing.edges).toHaveLength(2 * 3 + 3 * 1);
    // fc1's row 0 holds the weights into its unit 1: from x₁ (0.5) and from x₂ (−1.25).
    expect(drawing.edges.slice(0, 2).map((e) => [e.layer, e.from, e.to, e.weight])).toEqual([[0, 0, 0, 0.5], [0, 1, 0, -1.25]]);
    expect(drawing.edges[1]!.label).toBe("fc1: x₂ → fc1 unit 1, weight −1.25");
    expect(drawing.edges[7]!.label).toBe("out: fc1 unit 2 → out unit 1, weight −0.75");
    expect(drawing.nodes[1]!.map((n) => n.bias)).toEqual([0.1, -0.2, 0]);
  });

  it("gives each edge's colour its weight's sign and its width |w|, widest at the scale", () => {
    expect(drawing.edges.map((e) => e.sign).slice(0, 6)).toEqual(["positive", "negative", "zero", "positive", "negative", "positive"]);
    expect(edgeWidth(0)).toBe(WIDTH_MIN);
    expect(edgeWidth(WIDTH_FLOOR)).toBe(WIDTH_MAX);
    expect(edgeWidth(-4, 2)).toBe(WIDTH_MAX); // clamped at the scale
    expect(edgeWidth(-1, 2)).toBeCloseTo((WIDTH_MIN + WIDTH_MAX) / 2);
    // 9 |w| sorted: 0, 0.001, 0.5, 0.75, 1, 1.25, 2, 3, 6: 9 in 10 are under the 9th, 6.
    expect(drawing.scale).toBe(6);
    expect(drawing.scaled).toBe(true);
    expect(drawing.edges[4]!.width).toBe(WIDTH_MAX); // −6
    expect(drawing.edges[3]!.width).toBeCloseTo(WIDTH_MIN + (WIDTH_MAX - WIDTH_MIN) / 2); // 3: half way
    expect(drawing.edges[4]!.opacity).toBe(1);
    expect(drawing.edges[5]!.opacity).toBeLessThan(0.3); // 0.001: faint
  });

  it("scales the widths to the |w| 9 in 10 weights are under, so a trained network's weights still differ past any fixed top", () => {
    // 100 weights of |w| 1..100 (a long-trained net): the 10 largest widest, the rest each its own width.
    const big: NetworkWeights = { inputs: null, not_drawn: null, layers: [{ id: "fc", weight: Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r * 10 + c + 1) * (c % 2 ? -1 : 1))), bias: null, after: [] }] };
    expect(widthScale(big)).toBe(91);
    const widths = networkDrawing(big)!.edges.map((e) => e.width);
    expect(widths.filter((w) => w === WIDTH_MAX)).toHaveLength(10);
    expect(new Set(widths).size).toBe(91);
    // One outlier does not draw all the others thin: 19 weights of 2 and one of 60 draw at 2's scale.
    const outlier: NetworkWeights = { ...big, layers: [{ id: "fc", weight: [[...Array.from({ length: 19 }, () => 2), 60]], bias: null, after: [] }] };
    expect(widthScale(outlier)).toBe(2);
    expect(networkDrawing(outlier)!.edges[0]!.width).toBe(WIDTH_MAX);
    // A new network's small weights draw on the floor's scale: thin, so their growth shows.
    const small: NetworkWeights = { ...big, layers: [{ id: "fc", weight: [[0.1, -0.2], [0.3, 0.05]], bias: null, after: [] }] };
    expect(widthScale(small)).toBe(WIDTH_FLOOR);
    expect(networkDrawing(small)!.scaled).toBe(false);
    expect(networkDrawing(small)!.edges[2]!.width).toBeCloseTo(edgeWidth(0.3, 1));
  });

  it("draws with the run's largest |w| so far where it is larger than the look's own", () => {
    const look: NetworkWeights = { inputs: null, not_drawn: null, layers: [{ id: "fc", weight: [[1.5, -3]], bias: null, after: [] }] };
    expect(widthScale(look, 6)).toBe(6);
    expect(widthScale(look, 2)).toBe(3); // the look's own is larger: never past WIDTH_MAX
    const drawn = networkDrawing(look, {}, 6)!;
    expect(drawn.scale).toBe(6);
    expect(drawn.edges[1]!.width).toBeCloseTo((WIDTH_MIN + WIDTH_MAX) / 2); // 3 of 6: half way
  });

  it("centres each column on the tallest, a column apart", () => {
    const [inputs, hidden, out] = drawing.nodes;
    expect(hidden![1]!.x - inputs![0]!.x).toBe(COLUMN_GAP);
    expect(hidden![1]!.y - hidden![0]!.y).toBe(ROW_GAP);
    expect(out![0]!.y).toBe(hidden![1]!.y); // one unit, level with the middle of three
    expect((inputs![0]!.y + inputs![1]!.y) / 2).toBe(hidden![1]!.y);
  });

  it("names unnamed inputs, and draws nothing for a network sent without layers", () => {
    const unnamed = networkDrawing({ ...NETWORK, inputs: null })!;
    expect(unnamed.nodes[0]!.map((n) => n.name)).toEqual(["input 1", "input 2"]);
    expect(networkDrawing({ inputs: null, layers: [], not_drawn: "too big" })).toBeNull();
  });

  it("names the ends by the dataset's features and classes where they are as many as the units", () => {
    const iris: NetworkWeights = { ...NETWORK, inputs: null, layers: [NETWORK.layers[0]!, { id: "out", weight: [[1, 2, 3], [0, 1, 0]], bias: null, after: [] }] };
    const named = networkDrawing(iris, { inputs: ["sepal length", "petal width (cm)"], outputs: ["setosa", "versicolor"] })!;
    expect(named.nodes[0]!.map((n) => [n.name, n.short])).toEqual([["sepal length", "sepal length"], ["petal width (cm)", "petal width…"]]);
    expect(named.nodes[2]!.map((n) => n.name)).toEqual(["setosa", "versicolor"]);
    expect(named.outputsNamed).toBe(true);
    expect(named.edges.at(-1)!.label).toBe("out: fc1 unit 3 → versicolor, weight 0");
    expect(named.width - named.nodes[2]![0]!.x).toBeGreaterThanOrEqual(NODE_RADIUS + NAME_CHAR * "versicolor".length); // room right of them
    // The server's names come first (a 2-D set's x₁); a count that differs is not used.
    expect(networkDrawing(NETWORK, { inputs: ["a", "b"] })!.nodes[0]!.map((n) => n.name)).toEqual(["x₁", "x₂"]);
    const wrong = networkDrawing(iris, { inputs: ["a", "b", "c"], outputs: ["setosa"] })!;
    expect(wrong.nodes[0]!.map((n) => n.name)).toEqual(["input 1", "input 2"]);
    expect(wrong.nodes[2]!.map((n) => n.name)).toEqual(["out unit 1", "out unit 2"]);
    expect(wrong.outputsNamed).toBe(false);
    expect(shortName("x₁²")).toBe("x₁²");
    expect(Array.from(shortName("a".repeat(40)))).toHaveLength(12);
  });

  it("leaves room left of the inputs for their longest name", () => {
    const named = networkDrawing({ ...NETWORK, inputs: ["x₁", "sin(x₁)"] })!;
    expect(named.nodes[0]![0]!.x - NODE_RADIUS).toBeGreaterThanOrEqual(NAME_CHAR * "sin(x₁)".length);
    expect(named.width - named.nodes[2]![0]!.x).toBe(drawing.width - drawing.nodes[2]![0]!.x); // the right margin stays
  });

  it("moves along a layer with Up and Down, and between layers with Left and Right", () => {
    const { edges } = drawing;
    expect(edgeAfterKey(edges, 0, "ArrowDown")).toBe(1);
    expect(edgeAfterKey(edges, 5, "ArrowDown")).toBe(5); // fc1's last edge
    expect(edgeAfterKey(edges, 0, "ArrowUp")).toBe(0);
    expect(edgeAfterKey(edges, 3, "ArrowRight")).toBe(6); // out's first edge
    expect(edgeAfterKey(edges, 7, "ArrowLeft")).toBe(0);
    expect(edgeAfterKey(edges, 7, "ArrowRight")).toBe(7);
    expect(edgeAfterKey(edges, 2, "End")).toBe(8);
    expect(edgeAfterKey(edges, 2, "a")).toBeNull();
  });

  it("writes a weight with 4 significant digits and a true minus", () => {
    expect(formatWeight(-0.421337)).toBe("−0.4213");
    expect(formatWeight(12.5)).toBe("12.5");
    expect(formatWeight(0)).toBe("0");
    expect(formatScale(8.803)).toBe("8.8");
    expect(formatScale(1)).toBe("1");
  });
});
