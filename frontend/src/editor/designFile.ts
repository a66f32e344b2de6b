// A design as a file: written as the design JSON, read back with clear messages when it is not one.
import type { Design, Layer } from "../api/types";

/** Saves the design as <name>.json through the browser's download. */
export function downloadDesign(design: Design): void {
  const blob = new Blob([JSON.stringify(design, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${design.name || "design"}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// Files a student picks in Load design meaning to train on them: a table, arrays, a folder of
// pictures, a picture. Said before the file is read, where "not valid JSON (Unexpected token…)" said
// nothing of the button they wanted.
const DATASET_FILE = /\.(csv|tsv|npz|npy|zip|png|jpe?g|gif|webp|bmp)$/i;

/** Why a file, by its name, is a dataset and not a design, and where it goes; null when it may be a design. */
export function datasetFileText(fileName: string): string | null {
  if (!DATASET_FILE.test(fileName)) return null;
  return `${fileName} is a dataset, not a design: use Upload dataset, under Training, to train on it.`;
}

/** The design in a file's text; throws an Error whose message says what is wrong with it. */
export function parseDesign(text: string, fileName: string): Design {
  const dataset = datasetFileText(fileName);
  if (dataset) throw new Error(dataset);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName} is not valid JSON (${(error as Error).message}).`);
  }
  if (!isObject(data)) throw new Error(`${fileName} does not hold a design: expected a JSON object.`);
  if (data.version === undefined)
    throw new Error(`${fileName} has no "version": a TorchCanvas design file says "version": 1; is it one saved by Download design?`);
  if (data.version !== 1)
    throw new Error(
      `${fileName} is a design of version ${JSON.stringify(data.version)}, and this TorchCanvas reads version 1: open it in the TorchCanvas that saved it, or set "version": 1 if its layers are the same.`,
    );
  const shape = data.input_shape;
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n > 0))
    throw new Error(`${fileName}: "input_shape" must be a list of positive whole numbers, like [1, 8, 8].`);
  if (!Array.isArray(data.layers)) throw new Error(`${fileName}: "layers" must be a list of layers.`);
  const layers = data.layers.map((layer, i): Layer => {
    if (!isObject(layer) || typeof layer.id !== "string" || typeof layer.type !== "string")
      throw new Error(`${fileName}: layer ${i + 1} needs a string "id" and a string "type".`);
    if (layer.params !== undefined && !isObject(layer.params))
      throw new Error(`${fileName}: the "params" of layer ${layer.id} must be an object.`);
    return layer.params === undefined
      ? { id: layer.id, type: layer.type }
      : { id: layer.id, type: layer.type, params: layer.params as Layer["params"] };
  });
  const name = typeof data.name === "string" && data.name ? data.name : fileName.replace(/\.json$/i, "");
  const design: Design = { version: 1, name, input_shape: shape as number[], layers };
  if (data.edges === undefined || data.edges === null) return design;
  const isPair = (e: unknown) => Array.isArray(e) && e.length === 2 && e.every((end) => typeof end === "string");
  if (!Array.isArray(data.edges) || !data.edges.every(isPair))
    throw new Error(`${fileName}: "edges" must be a list of pairs of layer ids, like [["input", "conv1"], ["conv1", "act1"]].`);
  return { ...design, edges: data.edges as NonNullable<Design["edges"]> };
}
