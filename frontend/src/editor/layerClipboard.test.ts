import { describe, expect, it } from "vitest";
import type { Design, Layer } from "../api/types";
import { clipboardText, copyLayers, MOST_PASTED, MOST_WIRES, pasteLayers, readCopied, type CopiedLayers } from "./layerClipboard";
import { INPUT_KEY, fromDesign, toDesign, wiresOf, type LayerGraph } from "./layerGraph";

function layer(spec: string): Layer {
  const [id, type] = spec.split(":") as [string, string];
  return type === "Linear" ? { id, type, params: { out_features: 8 } } : { id, type };
}

function stack(...specs: string[]): LayerGraph {
  return fromDesign({ version: 1, name: "t", input_shape: [4], layers: specs.map(layer) });
}

/** conv1 → act1 → conv2 → act2 → conv3 → add → fc, with a skip act1 → add. */
function residual(): LayerGraph {
  const layers = ["conv1:Conv2d", "act1:ReLU", "conv2:Conv2d", "act2:ReLU", "conv3:Conv2d", "add:Add", "fc:Linear"].map(layer);
  const chain = ["input", "conv1", "act1", "conv2", "act2", "conv3", "add", "fc"];
  const wired = chain.slice(1).map((id, i): [string, string] => [chain[i]!, id]);
  return fromDesign({ version: 1, name: "t", input_shape: [1, 8, 8], layers, edges: [...wired, ["act1", "add"]] });
}

const ids = (g: LayerGraph) => g.items.map((it) => it.layer.id);
const keysOf = (g: LayerGraph, ...names: string[]) => new Set(names.map((n) => g.items.find((it) => it.layer.id === n)!.key));
const edges = (g: LayerGraph) => toDesign("t", [4], { ...g, wires: wiresOf(g) }).edges!.map(([s, t]) => `${s}>${t}`);

/** Through the clipboard's text, as a paste in another tab reads it. */
function carried(copied: CopiedLayers | null): CopiedLayers {
  const read = readCopied(clipboardText(copied!));
  if (!read || "problem" in read) throw new Error("not read back");
  return read;
}

describe("copy and paste of layers", () => {
  it("pastes a stack's layers in line after the layer chosen, renaming ids already taken", () => {
    const g = stack("fc1:Linear", "relu1:ReLU", "fc2:Linear");
    const copied = carried(copyLayers(g, keysOf(g, "fc1", "relu1")));
    const [after] = keysOf(g, "relu1");
    const { graph, keys } = pasteLayers(g, copied, after!);
    expect(ids(graph)).toEqual(["fc1", "relu1", "fc3", "relu2", "fc2"]);
    expect(graph.wires).toBeNull(); // still one stack, in list order
    expect(keys).toEqual(graph.items.slice(2, 4).map((it) => it.key));
    expect(graph.items[2]!.layer.params).toEqual({ out_features: 8 });
    expect(graph.items[2]!.layer.params).not.toBe(g.items[0]!.layer.params);
  });

  it("pastes after the output when no layer is chosen, and first into an empty design", () => {
    const g = stack("fc1:Linear", "relu1:ReLU");
    const copied = carried(copyLayers(g, keysOf(g, "fc1")));
    expect(ids(pasteLayers(g, copied, null).graph)).toEqual(["fc1", "relu1", "fc2"]);
    const empty = pasteLayers(stack(), copied, null).graph;
    expect(ids(empty)).toEqual(["fc1"]);
    expect(edges(empty)).toEqual(["input>fc1"]);
    expect(ids(pasteLayers(g, copied, INPUT_KEY).graph)).toEqual(["fc2", "fc1", "relu1"]);
  });

  it("pastes a residual block whole: its skip is taken from the layer it goes after", () => {
    const g = residual();
    const copied = carried(copyLayers(g, keysOf(g, "conv2", "act2", "conv3", "add")));
    expect(copied.entries).toEqual(["conv2", "add"]);
    const [after] = keysOf(g, "add");
    const { graph } = pasteLayers(g, copied, after!);
    expect(edges(graph)).toEqual(
      expect.arrayContaining(["add>conv4", "conv4>relu1", "relu1>conv5", "conv5>add1", "add>add1", "add1>fc"]),
    );
    expect(edges(graph)).not.toContain("add>fc"); // in line: the block took over what `add` fed
    expect(edges(graph)).toHaveLength(edges(g).length + 5);
  });

  it("pastes a layer of a branch point as a new branch, its end left for the person to wire", () => {
    const g = residual();
    const copied = carried(copyLayers(g, keysOf(g, "conv2")));
    const [after] = keysOf(g, "act1"); // feeds conv2 and add: no one place after it
    const { graph } = pasteLayers(g, copied, after!);
    expect(edges(graph)).toEqual(expect.arrayContaining(["act1>conv2", "act1>add", "act1>conv4"]));
    expect(edges(graph).filter((e) => e.startsWith("conv4>"))).toEqual([]);
  });

  it("reads a design file's text as its layers, its input's layers first in line", () => {
    const design: Design = { version: 1, name: "d", input_shape: [4], layers: [layer("a:Linear"), layer("b:ReLU")], edges: [["input", "a"], ["a", "b"]] };
    const read = readCopied(JSON.stringify(design));
    expect(read).toEqual({ layers: design.layers, edges: [["a", "b"]], entries: ["a"] });
    const stacked = readCopied(JSON.stringify({ ...design, edges: undefined }));
    expect(stacked).toEqual({ layers: design.layers, edges: null, entries: [] });
  });

  it("leaves other text to the browser, and says what is wrong with a copy it cannot take", () => {
    expect(readCopied("conv1")).toBeNull();
    expect(readCopied('{"name": "x"}')).toBeNull();
    expect(readCopied('{"layers": [1, 2]}')).toBeNull();
    expect(readCopied('{"torchcanvas-layers": 1, "layers": [1]}')).toEqual({ problem: "The copied layers could not be read: copy them again." });
    const many = { layers: Array.from({ length: MOST_PASTED + 1 }, (_, i) => layer(`fc${i}:Linear`)) };
    expect(readCopied(JSON.stringify(many))).toEqual({
      problem: `That is ${MOST_PASTED + 1} layers, more than the ${MOST_PASTED} one paste takes: open it with Load design instead.`,
    });
  });

  it("pastes layers picked apart from a stack one after another, as the list shows them", () => {
    const g = stack("fc1:Linear", "relu1:ReLU", "fc2:Linear", "relu2:ReLU");
    const copied = carried(copyLayers(g, keysOf(g, "fc1", "fc2")));
    const [after] = keysOf(g, "relu2");
    const { graph } = pasteLayers(g, copied, after!);
    expect(ids(graph)).toEqual(["fc1", "relu1", "fc2", "relu2", "fc3", "fc4"]);
    expect(graph.wires).toBeNull(); // one stack still, not two loose branches off relu2
  });

  it("pastes after the output where the layer it was to follow is gone (cut)", () => {
    const g = stack("fc1:Linear", "relu1:ReLU");
    const copied = carried(copyLayers(g, keysOf(g, "relu1")));
    const gone = 987_654; // the key of a layer cut a moment before
    const { graph } = pasteLayers(g, copied, gone);
    expect(ids(graph)).toEqual(["fc1", "relu1", "relu2"]);
    expect(graph.wires).toBeNull();
  });

  it("refuses a paste of more wires than it takes", () => {
    const layers = Array.from({ length: 80 }, (_, i) => layer(`fc${i}:Linear`));
    const edges = layers.flatMap((a, i) => layers.slice(i + 1).map((b) => [a.id, b.id]));
    expect(readCopied(JSON.stringify({ layers, edges }))).toEqual({
      problem: `That is ${edges.length} wires, more than the ${MOST_WIRES} one paste takes: open it with Load design instead.`,
    });
  });

  it("gives a fresh id to a pasted layer whose id is not one", () => {
    const { graph } = pasteLayers(stack("fc1:Linear"), { layers: [{ id: "1 bad", type: "ReLU" }], edges: null, entries: [] }, null);
    expect(ids(graph)).toEqual(["fc1", "relu1"]);
  });
});
