// A small MLP's weights as TensorFlow Playground draws them: a column of units a layer, an edge
// from each unit to each of the next layer's, its width |w| and its colour w's sign. Framework-free
// (weights in, positions and styles out), so it is tested on its own; WeightsSvg draws it.
import type { NetworkWeights } from "../../api/types";

/** Edge widths: WIDTH_MIN px at w = 0 to WIDTH_MAX px at |w| ≥ the scale (widthScale): the
 * largest of the run's looks' scales so far, one for every look, so scrubbing back shows the
 * weights thinner where they were smaller (a scale of each look's own drew weights that all grew
 * by one factor the same at every epoch). A look's scale is the |w| that WIDTH_QUANTILE of its
 * weights are under, not its largest: one outlier would draw all the others thin. At least
 * WIDTH_FLOOR, so a new network's small weights draw thin and their growth shows, as on
 * Playground's fixed scale. */
export const WIDTH_MIN = 0.5;
export const WIDTH_MAX = 8;
export const WIDTH_FLOOR = 1;
export const WIDTH_QUANTILE = 0.9;
/** An edge's opacity: faint near 0, where its sign hardly matters, full at |w| ≥ the scale. */
const OPACITY_MIN = 0.25;
/** The characters of a unit's name drawn beside it; a longer one is cut with "…" (its title says it whole). */
export const NAME_MAX = 12;

export const COLUMN_GAP = 120; // px between two layers' columns, in the drawing's own units
export const ROW_GAP = 26; // px between two units of a column
export const NODE_RADIUS = 8;
const MARGIN_X = 44; // room on the right for the last column's title, and at least this on the left
/** Room an input's name takes left of its unit, a character at most this wide (15 px type, on a phone). */
export const NAME_CHAR = 9;
const MARGIN_TOP = 34; // room for the columns' titles

export type Sign = "positive" | "negative" | "zero";

export interface Node {
  column: number;
  unit: number;
  x: number;
  y: number;
  /** The unit's name: an input's (x₁, a CSV's column), an output's class, or the layer's unit
   * ("fc1 unit 3", counted from 1). */
  name: string;
  /** The name as drawn beside an input or output unit: at most NAME_MAX characters. */
  short: string;
  bias: number | null;
}

export interface Edge {
  /** Index of the Linear layer this weight belongs to; its edges run from column `layer`. */
  layer: number;
  from: number; // the unit it comes from, in column `layer`
  to: number; // the unit it goes to, in column `layer` + 1
  weight: number;
  width: number;
  opacity: number;
  sign: Sign;
  /** What a screen reader and the readout say: "fc1: x₁ → fc1 unit 3, weight −0.4213". */
  label: string;
}

export interface Column {
  x: number;
  title: string; // "input", or the layer's id
  subtitle: string; // the activation after it ("Tanh"), or how many inputs
}

export interface Drawing {
  width: number;
  height: number;
  columns: Column[];
  nodes: Node[][]; // column by column
  edges: Edge[]; // layer by layer, each by target unit, then source unit (torch's row order)
  /** The |w| drawn widest (widthScale): the legend says it. */
  scale: number;
  /** Whether the output units are named by the dataset's classes (drawn right of them). */
  outputsNamed: boolean;
  /** Whether the scale is the run's looks' (widthScale), not WIDTH_FLOOR (9 in 10 |w| so far under it). */
  scaled: boolean;
}

/** The names a drawing gives the units of its ends, where known (the dataset's features and
 * classes); used where they are as many as the units, else the units are counted. */
export interface UnitNames {
  inputs?: readonly string[] | null;
  outputs?: readonly string[] | null;
}

/** A weight as the readout shows it: its 4 significant digits, with a true minus sign. */
export function formatWeight(weight: number): string {
  const text = String(Number(weight.toPrecision(4)));
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

/** The scale as the legend says it: 2 significant digits (8.803 → 8.8), enough to read widths by. */
export function formatScale(scale: number): string {
  return formatWeight(Number(scale.toPrecision(2)));
}

export function edgeWidth(weight: number, scale: number = WIDTH_FLOOR): number {
  const share = Math.min(Math.abs(weight) / scale, 1);
  return WIDTH_MIN + (WIDTH_MAX - WIDTH_MIN) * share;
}

export function edgeOpacity(weight: number, scale: number = WIDTH_FLOOR): number {
  return OPACITY_MIN + (1 - OPACITY_MIN) * Math.min(Math.abs(weight) / scale, 1);
}

/** A look's own scale: the |w| that WIDTH_QUANTILE of its weights (not biases) are under; 0 with none. */
export function lookScale(network: NetworkWeights): number {
  const sizes = network.layers.flatMap((layer) => layer.weight.flat().map(Math.abs)).sort((a, b) => a - b);
  return sizes.length === 0 ? 0 : sizes[Math.min(sizes.length - 1, Math.floor(WIDTH_QUANTILE * sizes.length))]!;
}

/** The |w| drawn widest: the larger of the network's own scale and `seen` (the largest of the
 * run's looks' scales so far, weightHistory.ts); at least WIDTH_FLOOR. */
export function widthScale(network: NetworkWeights, seen = 0): number {
  return Math.max(WIDTH_FLOOR, seen, lookScale(network));
}

/** A name as drawn beside its unit: cut at NAME_MAX characters, "sepal length (cm)" → "sepal lengt…". */
export function shortName(name: string): string {
  const chars = Array.from(name); // x₁ and emoji count once
  return chars.length > NAME_MAX ? `${chars.slice(0, NAME_MAX - 1).join("").trimEnd()}…` : name;
}

export function weightSign(weight: number): Sign {
  return weight > 0 ? "positive" : weight < 0 ? "negative" : "zero";
}

function inputNames(network: NetworkWeights, count: number, known: readonly string[] | null | undefined): string[] {
  const names = [network.inputs, known].find((list) => list && list.length === count);
  return names ? [...names] : Array.from({ length: count }, (_, i) => `input ${i + 1}`);
}

/** The drawing of `network`'s layers; null where it has none (a network not drawn). */
export function networkDrawing(network: NetworkWeights, known: UnitNames = {}, seen = 0): Drawing | null {
  const layers = network.layers;
  if (layers.length === 0) return null;
  const inputs = layers[0]!.weight[0]?.length ?? 0;
  const sizes = [inputs, ...layers.map((layer) => layer.weight.length)];
  const tallest = Math.max(...sizes);
  const height = MARGIN_TOP + tallest * ROW_GAP + 4;
  const inputLabels = inputNames(network, inputs, known.inputs);
  const last = layers[layers.length - 1]!;
  const outputLabels = known.outputs && known.outputs.length === last.weight.length ? known.outputs : null;
  // The ends' names sit beside their units: the longest drawn (sin(x₁)) sets the margin.
  const room = (names: readonly string[]) => Math.max(MARGIN_X, NODE_RADIUS + 6 + NAME_CHAR * Math.max(0, ...names.map((name) => Array.from(shortName(name)).length)));
  const left = room(inputLabels);
  const xOf = (column: number) => left + column * COLUMN_GAP;
  // Each column centred on the tallest, so a narrow layer sits in the middle as in Playground.
  const yOf = (size: number, unit: number) => MARGIN_TOP + (tallest - size) * (ROW_GAP / 2) + unit * ROW_GAP + ROW_GAP / 2;
  const names = [inputLabels, ...layers.map((layer) => layer.weight.map((_, j) => (layer === last && outputLabels ? outputLabels[j]! : `${layer.id} unit ${j + 1}`)))];
  const scale = widthScale(network, seen);
  const nodes = sizes.map((size, column) =>
    Array.from({ length: size }, (_, unit) => ({
      column,
      unit,
      x: xOf(column),
      y: yOf(size, unit),
      name: names[column]![unit]!,
      short: shortName(names[column]![unit]!),
      bias: column === 0 ? null : (layers[column - 1]!.bias?.[unit] ?? null),
    })),
  );
  const columns: Column[] = [
    { x: xOf(0), title: "input", subtitle: `${inputs} unit${inputs === 1 ? "" : "s"}` },
    ...layers.map((layer, i) => ({ x: xOf(i + 1), title: layer.id, subtitle: layer.after.join(" · ") || (i === layers.length - 1 ? "output" : "no activation") })),
  ];
  const edges = layers.flatMap((layer, i) =>
    layer.weight.flatMap((row, to) =>
      row.map((weight, from) => ({
        layer: i,
        from,
        to,
        weight,
        width: edgeWidth(weight, scale),
        opacity: edgeOpacity(weight, scale),
        sign: weightSign(weight),
        label: `${layer.id}: ${names[i]![from]} → ${names[i + 1]![to]}, weight ${formatWeight(weight)}`,
      })),
    ),
  );
  const right = outputLabels ? room(outputLabels) : MARGIN_X;
  return { width: xOf(sizes.length - 1) + right, height, columns, nodes, edges, scale, scaled: scale > WIDTH_FLOOR, outputsNamed: outputLabels !== null };
}

/** The edge a key moves to from `edge` (an index in `edges`): Up and Down through one layer's
 * edges, Left and Right to the layer before or after (its first edge); null for any other key. */
export function edgeAfterKey(edges: Edge[], edge: number, key: string): number | null {
  const here = edges[edge];
  if (!here) return null;
  // A layer's edges are consecutive: its first and last around `edge`.
  let [first, last] = [edge, edge];
  while (edges[first - 1]?.layer === here.layer) first--;
  while (edges[last + 1]?.layer === here.layer) last++;
  if (key === "ArrowDown") return Math.min(edge + 1, last);
  if (key === "ArrowUp") return Math.max(edge - 1, first);
  if (key === "Home") return 0;
  if (key === "End") return edges.length - 1;
  if (key === "ArrowRight") {
    const next = edges.findIndex((e) => e.layer === here.layer + 1);
    return next === -1 ? edge : next;
  }
  if (key === "ArrowLeft") {
    const before = edges.findIndex((e) => e.layer === here.layer - 1);
    return before === -1 ? edge : before;
  }
  return null;
}
