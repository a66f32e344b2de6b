// A layer's type changed in place for another of its kind (ReLU for Tanh, MaxPool2d for
// AvgPool2d), as TensorFlow Playground's one Activation menu and Deep Network Designer do: the
// wires stay, the params both types take are kept, and an id made from the old type follows the new.
import type { Layer, LayerSpec, ParamValue } from "../api/types";
import { freshLayerId, idPrefix } from "./layerIds";
import { asParamValue } from "./paramText";

const NONE: LayerSpec[] = [];
const KIN = new WeakMap<Map<string, LayerSpec>, Map<string, LayerSpec[]>>();

/** The types a layer of `type` can become: those of its category that join inputs as it does
 * (Add for Concat), itself among them; the same array each time, for cards that redraw only on
 * change. Empty where it has no other kind. */
export function swapsFor(specs: Map<string, LayerSpec>, type: string): LayerSpec[] {
  let kin = KIN.get(specs);
  if (!kin) {
    const groups = new Map<string, LayerSpec[]>();
    for (const spec of specs.values()) {
      const group = `${spec.category} ${spec.joins ? "joins" : ""}`;
      groups.set(group, [...(groups.get(group) ?? []), spec]);
    }
    kin = new Map();
    for (const group of groups.values()) for (const spec of group) kin.set(spec.type, group.length > 1 ? group : NONE);
    KIN.set(specs, kin);
  }
  return kin.get(type) ?? NONE;
}

/** `layer` as a `spec` layer: each param the new type takes, as set where the old one had it,
 * else at its default; `taken` are the design's other ids. */
export function swapType(layer: Layer, spec: LayerSpec, taken: string[]): Layer {
  const params: Record<string, ParamValue> = {};
  for (const p of spec.params) {
    const value = layer.params?.[p.name] ?? asParamValue(p.default);
    if (value !== null && value !== undefined) params[p.name] = value as ParamValue;
  }
  const generated = new RegExp(`^${idPrefix(layer.type)}\\d+$`).test(layer.id) && idPrefix(layer.type) !== idPrefix(spec.type);
  const id = generated ? freshLayerId(spec.type, taken) : layer.id;
  return Object.keys(params).length ? { id, type: spec.type, params } : { id, type: spec.type };
}
