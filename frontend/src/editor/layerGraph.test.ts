import { describe, expect, it } from "vitest";
import type { Design, Layer } from "../api/types";
import {
  INPUT_KEY,
  addItem,
  applyFix,
  connect,
  connectionProblem,
  disconnect,
  fromDesign,
  insertAfter,
  insertBetween,
  moveOntoWire,
  removeKeys,
  toDesign,
  wiresOf,
  type LayerGraph,
} from "./layerGraph";

const joins = (type: string) => type === "Add" || type === "Concat";

/** A stack of layers given as "id:Type", in list order. */
function stack(...specs: string[]): LayerGraph {
  const design: Design = { version: 1, name: "t", input_shape: [4], layers: specs.map(layer) };
  return fromDesign(design);
}

function layer(spec: string): Layer {
  const [id, type] = spec.split(":") as [string, string];
  return { id, type };
}

const ids = (g: LayerGraph) => g.items.map((it) => it.layer.id);
const keyOf = (g: LayerGraph, id: string) => g.items.find((it) => it.layer.id === id)!.key;

/** The wires as "from>to" ids, easier to read in a failure than key pairs. */
const edges = (g: LayerGraph) => toDesign("t", [4], { ...g, wires: wiresOf(g) }).edges!.map(([s, t]) => `${s}>${t}`);

/** The residual template's shape: conv1 → act1 → conv2 → act2 → conv3 → add, a skip act1 → add. */
function residual(): LayerGraph {
  const layers = ["conv1:Conv2d", "act1:ReLU", "conv2:Conv2d", "act2:ReLU", "conv3:Conv2d", "add:Add", "act3:ReLU", "fc:Linear"].map(layer);
  const chain = ["input", "conv1", "act1", "conv2", "act2", "conv3", "add", "act3", "fc"];
  const wired = chain.slice(1).map((id, i): [string, string] => [chain[i]!, id]);
  return fromDesign({ version: 1, name: "t", input_shape: [1, 8, 8], layers, edges: [...wired.slice(0, 6), ["act1", "add"], ...wired.slice(6)] });
}

describe("connect", () => {
  it("adds a branch and switches from a stack to explicit edges", () => {
    const g = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    expect(g.wires).toBeNull();
    const next = connect(g, keyOf(g, "fc1"), keyOf(g, "add1"));
    expect(next.wires).not.toBeNull();
    expect(edges(next)).toEqual(["input>fc1", "fc1>fc2", "fc2>add1", "fc1>add1"]);
    expect(connectionProblem(g, keyOf(g, "fc1"), keyOf(g, "add1"), joins)).toBeNull();
  });

  it("refuses a wire that would make a cycle", () => {
    // An Add takes more inputs, so only the cycle stands in the way.
    const joined = stack("add0:Add", "fc1:Linear", "fc2:Linear");
    expect(connectionProblem(joined, keyOf(joined, "fc1"), keyOf(joined, "add0"), joins)).toMatch(/cycle/);
    expect(connectionProblem(joined, keyOf(joined, "fc2"), keyOf(joined, "add0"), joins)).toBe(
      "That would make a cycle: `add0` already feeds `fc2`.",
    );
  });

  it("refuses a second input into a layer that takes one", () => {
    const g = stack("fc1:Linear", "fc2:Linear", "fc3:Linear");
    expect(connectionProblem(g, keyOf(g, "fc1"), keyOf(g, "fc3"), joins)).toBe(
      "Linear `fc3` takes one input and already has one from `fc2`: join branches with an Add or a Concat.",
    );
  });

  it("refuses a wire into the input, into itself and a wire already there", () => {
    const g = stack("fc1:Linear", "add1:Add");
    expect(connectionProblem(g, keyOf(g, "fc1"), INPUT_KEY, joins)).toMatch(/input takes no edges/);
    expect(connectionProblem(g, keyOf(g, "add1"), keyOf(g, "add1"), joins)).toBe("`add1` cannot feed itself.");
    expect(connectionProblem(g, keyOf(g, "fc1"), keyOf(g, "add1"), joins)).toBe("`fc1` already feeds `add1`.");
  });

  it("goes back to a stack when the wires are the list order again", () => {
    const g = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const branched = connect(g, keyOf(g, "fc1"), keyOf(g, "add1"));
    expect(disconnect(branched, [[keyOf(g, "fc1"), keyOf(g, "add1")]]).wires).toBeNull();
  });

  it("lets a loose layer placed by hand join the automatic layout once wired in", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const loose = addItem(graph, layer("fc9:Linear"), { x: 40, y: 50 });
    const key = keyOf(loose, "fc9");
    expect(loose.positions[key]).toEqual({ x: 40, y: 50 });
    expect(connect(loose, INPUT_KEY, key).positions[key]).toBeUndefined();
  });
});

describe("removeKeys", () => {
  it("bridges a removed layer's input to the layers it fed", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "fc3:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const removed = removeKeys(graph, new Set([keyOf(s, "fc2")]));
    expect(removed.items.map((it) => it.layer.id)).toEqual(["fc1", "fc3", "add1"]);
    expect(edges(removed)).toEqual(["input>fc1", "fc1>fc3", "fc3>add1", "fc1>add1"]);
  });

  it("never doubles a wire when the removed layer's input already fed the same join", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const removed = removeKeys(graph, new Set([keyOf(s, "fc2")]));
    expect(edges(removed)).toEqual(["input>fc1", "fc1>add1"]);
  });

  it("leaves a join one input when a branch's last layer goes, as ENNUI and Deep Network Designer do", () => {
    // The server then says so on the join and offers to remove it (applyFix below).
    const g = residual();
    const one = (from: LayerGraph, id: string) => removeKeys(from, new Set([keyOf(g, id)]));
    const shorter = one(one(g, "conv2"), "act2");
    expect(edges(shorter)).toEqual(["input>conv1", "conv1>act1", "act1>conv3", "conv3>add", "act1>add", "add>act3", "act3>fc"]);
    expect(edges(one(shorter, "conv3"))).toEqual(["input>conv1", "conv1>act1", "act1>add", "add>act3", "act3>fc"]);
  });

  it("leaves a join one input when its whole branch goes at once", () => {
    const g = residual();
    const removed = removeKeys(g, new Set(["conv2", "act2", "conv3"].map((id) => keyOf(g, id))));
    expect(edges(removed)).toEqual(["input>conv1", "conv1>act1", "act1>add", "add>act3", "act3>fc"]);
  });

  it("keeps a join's two inputs when a layer inside the branch goes", () => {
    const g = residual();
    const removed = removeKeys(g, new Set([keyOf(g, "act2")]));
    expect(edges(removed)).toEqual(["input>conv1", "conv1>act1", "act1>conv2", "conv2>conv3", "conv3>add", "act1>add", "add>act3", "act3>fc"]);
  });

    it("keeps a stack a stack", () => {
    const s = stack("fc1:Linear", "relu1:ReLU", "fc2:Linear");
    const removed = removeKeys(s, new Set([keyOf(s, "relu1")]));
    expect(removed.wires).toBeNull();
    expect(edges(removed)).toEqual(["input>fc1", "fc1>fc2"]);
  });

  it("drops the wires of a removed join, whose inputs cannot be merged", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add", "fc3:Linear");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const removed = removeKeys(graph, new Set([keyOf(s, "add1")]));
    expect(edges(removed)).toEqual(["input>fc1", "fc1>fc2"]);
  });
});

describe("dropping a layer on the canvas", () => {

  it("splices a new layer into a stack's wire: between the two in the list", () => {
    const s = stack("conv1:Conv2d", "relu1:ReLU");
    const next = insertBetween(s, keyOf(s, "conv1"), keyOf(s, "relu1"), layer("bn1:BatchNorm2d"));
    expect(ids(next)).toEqual(["conv1", "bn1", "relu1"]);
    expect(next.wires).toBeNull();
  });

  it("puts a new layer into a stack right after the layer above it, or first after the input", () => {
    const s = stack("conv1:Conv2d", "relu1:ReLU", "fc1:Linear");
    expect(ids(insertAfter(s, keyOf(s, "relu1"), layer("flat1:Flatten")))).toEqual(["conv1", "relu1", "flat1", "fc1"]);
    expect(ids(insertAfter(s, keyOf(s, "fc1"), layer("fc2:Linear")))).toEqual(["conv1", "relu1", "fc1", "fc2"]);
    expect(ids(insertAfter(s, INPUT_KEY, layer("flat1:Flatten")))).toEqual(["flat1", "conv1", "relu1", "fc1"]);
  });

  it("leaves a new layer unconnected in a graph, where a layer has no single place after another", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const next = insertAfter(graph, keyOf(s, "fc1"), layer("fc9:Linear"));
    expect(edges(next)).toEqual(edges(graph));
    expect(ids(next)).toEqual(["fc1", "fc2", "add1", "fc9"]);
  });

  it("puts a new layer of a graph onto the one wire out of a layer, or after a branch's end", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const spliced = insertAfter(graph, keyOf(s, "fc2"), layer("drop1:Dropout"));
    expect(edges(spliced)).toEqual(expect.arrayContaining(["fc2>drop1", "drop1>add1", "fc1>add1"]));
    expect(edges(spliced)).not.toContain("fc2>add1");
    const ended = insertAfter(graph, keyOf(s, "add1"), layer("fc9:Linear"));
    expect(edges(ended)).toEqual(expect.arrayContaining([...edges(graph), "add1>fc9"]));
    expect(ids(ended)).toEqual(["fc1", "fc2", "add1", "fc9"]);
  });

  it("moves a layer of a stack onto another wire, keeping its key", () => {
    const s = stack("conv1:Conv2d", "relu1:ReLU", "bn1:BatchNorm2d");
    const bn1 = keyOf(s, "bn1");
    const next = moveOntoWire({ ...s, positions: { [bn1]: { x: 300, y: 20 } } }, bn1, [keyOf(s, "conv1"), keyOf(s, "relu1")]);
    expect(ids(next)).toEqual(["conv1", "bn1", "relu1"]);
    expect(keyOf(next, "bn1")).toBe(bn1);
    expect(next.wires).toBeNull();
    expect(next.positions[bn1]).toBeUndefined(); // the layout puts it in line
  });

  it("moves a layer of a graph onto a wire: its old input feeds what it fed", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "fc3:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const next = moveOntoWire(graph, keyOf(s, "fc2"), [keyOf(s, "fc1"), keyOf(s, "add1")]);
    expect(edges(next)).toEqual(["input>fc1", "fc1>fc3", "fc3>add1", "fc1>fc2", "fc2>add1"]);
  });

  it("leaves a residual block as it was for a layer dropped on the skip beside it", () => {
    // fc2 already stands between fc1 and add1: moved onto the skip fc1 → add1, it would leave a
    // bridged fc1 → add1 where it was, the same wire as the skip; add1 must keep both inputs.
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const residual = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const next = moveOntoWire(residual, keyOf(s, "fc2"), [keyOf(s, "fc1"), keyOf(s, "add1")]);
    expect(edges(next)).toEqual(["input>fc1", "fc1>fc2", "fc2>add1", "fc1>add1"]);
  });

  it("leaves a join one input when a branch's last layer moves onto another wire", () => {
    const g = residual();
    const moved = moveOntoWire(g, keyOf(g, "conv3"), [keyOf(g, "act3"), keyOf(g, "fc")]);
    expect(edges(moved)).toEqual(["input>conv1", "conv1>act1", "act1>conv2", "conv2>act2", "act2>add", "act1>add", "add>act3", "act3>conv3", "conv3>fc"]);
    const last = moveOntoWire(moved, keyOf(g, "act2"), [keyOf(g, "act3"), keyOf(g, "conv3")]);
    const emptied = moveOntoWire(last, keyOf(g, "conv2"), [keyOf(g, "act3"), keyOf(g, "act2")]);
    expect(edges(emptied)).toEqual(["input>conv1", "conv1>act1", "act1>add", "add>act3", "act3>conv2", "conv2>act2", "act2>conv3", "conv3>fc"]);
  });

  it("leaves the graph as it was for a wire of the layer itself or a wire that is not there", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "fc3:Linear");
    const [fc1, fc2, fc3] = [keyOf(s, "fc1"), keyOf(s, "fc2"), keyOf(s, "fc3")];
    expect(moveOntoWire(s, fc2, [fc1, fc2])).toBe(s);
    expect(moveOntoWire(s, fc2, [fc2, fc3])).toBe(s);
    expect(moveOntoWire(s, fc3, [fc1, fc3])).toBe(s);
  });
});

describe("applyFix", () => {
  it("puts the fix's layer on the edge it names, with a fresh id", () => {
    const s = stack("conv1:Conv2d", "flat1:Flatten", "fc1:Linear");
    const fixed = applyFix(s, { label: "Add a Flatten", after: "conv1", before: "fc1", insert: { type: "Flatten" } });
    expect(fixed.items.map((it) => it.layer)).toEqual([
      { id: "conv1", type: "Conv2d" },
      { id: "flat1", type: "Flatten" },
      { id: "flat2", type: "Flatten" },
      { id: "fc1", type: "Linear" },
    ]);
    expect(fixed.wires).toBeNull();
  });

  it("splits the one edge it names in a graph and keeps the params", () => {
    const s = stack("fc1:Linear", "fc2:Linear", "add1:Add");
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "add1"));
    const fix = { label: "Reshape", after: "fc1", before: "add1", insert: { type: "Linear", params: { out_features: 8 } } };
    const fixed = applyFix(graph, fix);
    expect(fixed.items.find((it) => it.layer.id === "fc3")!.layer).toEqual({ id: "fc3", type: "Linear", params: { out_features: 8 } });
    expect(edges(fixed)).toEqual(["input>fc1", "fc1>fc2", "fc2>add1", "fc1>fc3", "fc3>add1"]);
  });

  it("inserts right after the input", () => {
    const s = stack("fc1:Linear");
    const fixed = applyFix(s, { label: "Flatten first", after: "input", before: "fc1", insert: { type: "Flatten" } });
    expect(edges(fixed)).toEqual(["input>flat1", "flat1>fc1"]);
  });

  it("ends the network with the fix's layer when it names no layer before which to go", () => {
    const s = stack("fc1:Linear", "fc2:Linear");
    const fix = { label: "End with a LogSoftmax after `fc2`", after: "fc2", before: null, insert: { type: "LogSoftmax", params: {} } };
    expect(edges(applyFix(s, fix))).toEqual(["input>fc1", "fc1>fc2", "fc2>logsoftmax1"]);
    expect(applyFix(s, fix).wires).toBeNull();
    const graph = connect(s, keyOf(s, "fc1"), keyOf(s, "fc2")); // wired by hand: a graph
    expect(edges(applyFix(graph, fix)).at(-1)).toBe("fc2>logsoftmax1");
    expect(applyFix(s, { ...fix, after: "fc9" })).toBe(s);
  });

  it("moves a layer onto the edge it names: a pooling after the Flatten goes before it", () => {
    const s = stack("conv1:Conv2d", "flat1:Flatten", "pool1:MaxPool2d", "fc1:Linear");
    const fixed = applyFix(s, { label: "Move `pool1` before `flat1`", move: "pool1", after: "conv1", before: "flat1" });
    expect(ids(fixed)).toEqual(["conv1", "pool1", "flat1", "fc1"]);
    expect(fixed.wires).toBeNull();
    expect(applyFix(s, { label: "x", move: "pool9", after: "conv1", before: "flat1" })).toBe(s);
  });

  it("leaves the graph as it was when the fix names a layer that is gone", () => {
    const s = stack("fc1:Linear");
    expect(applyFix(s, { label: "x", after: "conv9", before: "fc1", insert: { type: "Flatten" } })).toBe(s);
    expect(applyFix(s, { label: "x", layer: "fc9", param: "out_features", value: 3 })).toBe(s);
  });

  it("removes a join left with one input, passing that input on: the residual block becomes a stack", () => {
    const g = residual();
    const emptied = removeKeys(g, new Set(["conv2", "act2", "conv3"].map((id) => keyOf(g, id))));
    const fixed = applyFix(emptied, { label: "Remove `add`, passing `act1` on", remove: "add" });
    expect(ids(fixed)).toEqual(["conv1", "act1", "act3", "fc"]);
    expect(fixed.wires).toBeNull();
    expect(edges(fixed)).toEqual(["input>conv1", "conv1>act1", "act1>act3", "act3>fc"]);
  });

  it("removes a join in a stack, and names no layer that is gone", () => {
    const s = stack("fc1:Linear", "add1:Add", "fc2:Linear");
    const fixed = applyFix(s, { label: "Remove `add1`, passing `fc1` on", remove: "add1" });
    expect(edges(fixed)).toEqual(["input>fc1", "fc1>fc2"]);
    expect(applyFix(s, { label: "x", remove: "add9" })).toBe(s);
  });

  it("sets the one param it names, keeping the layer's others and its place", () => {
    const s = stack("fc1:Linear", "act1:ReLU", "fc2:Linear");
    const wide = { ...s, items: s.items.map((it) => (it.layer.id === "fc2" ? { ...it, layer: { ...it.layer, params: { out_features: 10, bias: false } } } : it)) };
    const fixed = applyFix(wide, { label: "Set out_features of `fc2` to 3", layer: "fc2", param: "out_features", value: 3 });
    expect(fixed.items.map((it) => it.layer)).toEqual([
      { id: "fc1", type: "Linear" },
      { id: "act1", type: "ReLU" },
      { id: "fc2", type: "Linear", params: { out_features: 3, bias: false } },
    ]);
    expect(fixed.items.map((it) => it.key)).toEqual(wide.items.map((it) => it.key));
  });
});

describe("design ↔ graph", () => {
  it("a stack has no edges, and comes back a stack", () => {
    const design: Design = { version: 1, name: "mlp", input_shape: [1, 8, 8], layers: ["flat1:Flatten", "fc1:Linear"].map(layer) };
    const g = fromDesign(design);
    expect(g.wires).toBeNull();
    expect(toDesign("mlp", [1, 8, 8], g)).toEqual(design);
  });

  it("edges in list order become a stack", () => {
    const layers = ["fc1:Linear", "fc2:Linear"].map(layer);
    const g = fromDesign({ version: 1, name: "t", input_shape: [4], layers, edges: [["input", "fc1"], ["fc1", "fc2"]] });
    expect(g.wires).toBeNull();
    expect(toDesign("t", [4], g).edges).toBeUndefined();
  });

  it("a branching design keeps its edges through the round trip", () => {
    const design: Design = {
      version: 1,
      name: "skip",
      input_shape: [4],
      layers: ["fc1:Linear", "fc2:Linear", "add1:Add"].map(layer),
      edges: [["input", "fc1"], ["fc1", "fc2"], ["fc1", "add1"], ["fc2", "add1"]],
    };
    const g = fromDesign(design);
    expect(g.wires).toHaveLength(4);
    expect(toDesign("skip", [4], g)).toEqual(design);
  });

  it("names an edge whose layer does not exist", () => {
    const design: Design = { version: 1, name: "t", input_shape: [4], layers: [layer("fc1:Linear")], edges: [["input", "fc2"]] };
    expect(() => fromDesign(design)).toThrow('The edge from "input" to "fc2" names "fc2", which is not a layer of the design.');
  });
});
