// A layer's type changed in place for another of its kind (ReLU for Tanh, MaxPool2d for
// AvgPool2d), as TensorFlow Playground's one Activation menu and Deep Network Designer do: the
// wires stay, the params both types take are kept, and an id made from the old type follows the new.
import type { Layer, LayerSpec, NodeReport, ParamValue } from "../api/types";
import { idOf, INPUT_KEY, sourcesOf, wiresOf, type LayerGraph } from "./layerGraph";
import { freshLayerId, idPrefix } from "./layerIds";
import { asParamValue } from "./paramText";

type InputKind = LayerSpec["input"];

const NONE: LayerSpec[] = [];
const KIN = new WeakMap<Map<string, LayerSpec>, Map<string, LayerSpec[]>>();

/** The sample ranks (no batch dimension) each input kind takes. */
const RANKS: Record<InputKind, number[]> = { any: [1, 2, 3], flat: [1], sequence: [2], image: [3], flat_or_sequence: [1, 2] };

/** Whether a `kind` layer can stand where a `was` layer stood, on an input of `rank` when known. */
function fits(kind: InputKind, was: InputKind, rank: number | undefined): boolean {
  const takes = RANKS[kind] ?? RANKS.any;
  return rank === undefined ? (RANKS[was] ?? RANKS.any).some((r) => takes.includes(r)) : takes.includes(rank);
}

/** The types a layer of `type` can become: those of its category that join inputs as it does
 * (Add for Concat) and take its input (`rank`, the incoming sample's rank, when known; else
 * the ranks it takes: no Conv1d for a Conv2d), itself among them; the same array each time, for
 * cards that redraw only on change. Empty where it has no other kind. */
export function swapsFor(specs: Map<string, LayerSpec>, type: string, rank?: number): LayerSpec[] {
  let kin = KIN.get(specs);
  if (!kin) KIN.set(specs, (kin = new Map()));
  const asked = `${type} ${rank ?? ""}`;
  const known = kin.get(asked);
  if (known) return known;
  const was = specs.get(type);
  const group = was
    ? [...specs.values()].filter((s) => s.category === was.category && s.joins === was.joins && (s === was || fits(s.input, was.input, rank)))
    : [];
  const found = group.length > 1 ? group : NONE;
  kin.set(asked, found);
  return found;
}

/** The rank of the sample that reaches layer `key` through its first input, as last validated;
 * undefined while not known (an error above it, or not validated yet). */
export function inputRank(g: LayerGraph, key: number, inputShape: number[], nodes: Record<string, NodeReport> | undefined): number | undefined {
  const source = sourcesOf(wiresOf(g), key)[0];
  if (source === undefined) return undefined;
  if (source === INPUT_KEY) return inputShape.length;
  return nodes?.[idOf(g, source)]?.output_shape.length;
}

/** `layer` as a `spec` layer: each param the new type takes as set where the layer has it, else
 * where `before` had it (the layer before a run of swaps: MaxPool2d's kernel 3 comes back after a
 * pass through AdaptiveAvgPool2d), else at its default; back at `before`'s type, `before`'s id
 * too. `taken` are the design's other ids. */
export function swapType(layer: Layer, spec: LayerSpec, taken: string[], before: Layer = layer): Layer {
  const params: Record<string, ParamValue> = {};
  for (const p of spec.params) {
    const value = layer.params?.[p.name] ?? before.params?.[p.name] ?? asParamValue(p.default);
    if (value !== null && value !== undefined) params[p.name] = value as ParamValue;
  }
  const generated = new RegExp(`^${idPrefix(layer.type)}\\d+$`).test(layer.id) && idPrefix(layer.type) !== idPrefix(spec.type);
  const back = spec.type === before.type && !taken.includes(before.id);
  const id = generated ? (back ? before.id : freshLayerId(spec.type, taken)) : layer.id;
  return Object.keys(params).length ? { id, type: spec.type, params } : { id, type: spec.type };
}
