// Copy and paste of layers, within a design or into another (in another tab too): the layers, the
// wires between them, and which of them took an input from outside, as JSON text that the system
// clipboard carries. A design file's text pastes as its layers. Pure functions, no React.
import type { Layer } from "../api/types";
import { INPUT_KEY, keyed, normalised, sourcesOf, wiresOf, type LayerGraph, type StackItem, type Wire } from "./layerGraph";
import { freshLayerId, LAYER_ID_PATTERN } from "./layerIds";

const MARK = "torchcanvas-layers";
/** The most layers one paste takes: more is a whole design, for Load design. */
export const MOST_PASTED = 500;
/** And the most wires: 300 layers wired each to each (44,850 wires) froze the tab for seconds. */
export const MOST_WIRES = 4 * MOST_PASTED;

export interface CopiedLayers {
  layers: Layer[];
  /** The wires among them by id; null: one after another, in list order (a stack's). */
  edges: [string, string][] | null;
  /** Those that took an input from outside the copy, or none: a paste feeds them from where it goes. */
  entries: string[];
}

/** The layers of `keys`, in list order, with the wires among them; null when there are none. */
export function copyLayers(g: LayerGraph, keys: Set<number>): CopiedLayers | null {
  const items = g.items.filter((it) => keys.has(it.key));
  if (!items.length) return null;
  // From a stack, a stack: layers picked apart (fc1 and fc2 of fc1, relu1, fc2) paste one after
  // another, as the list shows them, not as loose branches.
  if (g.wires === null) return { layers: items.map((it) => it.layer), edges: null, entries: [] };
  const wires = g.wires;
  const inside = (key: number) => keys.has(key);
  const id = (key: number) => items.find((it) => it.key === key)!.layer.id;
  const edges = wires.filter(([s, t]) => inside(s) && inside(t)).map(([s, t]): [string, string] => [id(s), id(t)]);
  const entries = items
    .filter((it) => {
      const sources = sourcesOf(wires, it.key);
      return sources.length === 0 || sources.some((s) => !inside(s));
    })
    .map((it) => it.layer.id);
  return { layers: items.map((it) => it.layer), edges, entries };
}

export function clipboardText(copied: CopiedLayers): string {
  return JSON.stringify({ [MARK]: 1, ...copied }, null, 2);
}

const isText = (value: unknown): value is string => typeof value === "string";

/** The layers in a clipboard's text: a copy's, or a design file's; null for any other text. A layer
 * with params of a wrong kind still pastes: the server names what is wrong with it, as for a file. */
export function readCopied(text: string): CopiedLayers | { problem: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !Array.isArray((value as { layers?: unknown }).layers)) return null;
  const { layers, edges } = value as { layers: unknown[]; edges?: unknown };
  const ours = MARK in value;
  const usable = layers.every((l) => typeof l === "object" && l !== null && isText((l as Layer).id) && isText((l as Layer).type));
  if (!usable || !layers.length) return ours ? { problem: "The copied layers could not be read: copy them again." } : null;
  if (layers.length > MOST_PASTED)
    return { problem: `That is ${layers.length} layers, more than the ${MOST_PASTED} one paste takes: open it with Load design instead.` };
  if (Array.isArray(edges) && edges.length > MOST_WIRES)
    return { problem: `That is ${edges.length} wires, more than the ${MOST_WIRES} one paste takes: open it with Load design instead.` };
  const pairs = Array.isArray(edges) ? edges.filter((e): e is [string, string] => Array.isArray(e) && e.length === 2 && e.every(isText)) : null;
  const ids = new Set((layers as Layer[]).map((l) => l.id));
  const among = pairs && pairs.filter(([s, t]) => ids.has(s) && ids.has(t));
  // A design's own: the layers its input fed (the first, in a stack) take the paste's place.
  const given = (value as { entries?: unknown }).entries;
  const entries = Array.isArray(given) ? given.filter(isText) : pairs ? pairs.filter(([s]) => s === "input").map(([, t]) => t) : [];
  return { layers: layers as Layer[], edges: among, entries };
}

/** A layer id the graph does not use yet: its own when free and well formed, else a fresh one. */
function freeId(layer: Layer, taken: Set<string>): string {
  const id = LAYER_ID_PATTERN.test(layer.id) && !taken.has(layer.id) ? layer.id : freshLayerId(layer.type, taken);
  taken.add(id);
  return id;
}

/** The copied layers added after `anchor` (a layer's key; the input, INPUT_KEY; null: after the
 * output, or first in an empty design). Those that took an input from outside take it from the
 * anchor; where the anchor fed one layer, the copy's one end feeds that layer instead, so a block
 * pasted after a layer goes in line; a taken id gets a fresh one. Returns the graph and the new keys. */
export function pasteLayers(g: LayerGraph, copied: CopiedLayers, anchor: number | null): { graph: LayerGraph; keys: number[] } {
  const taken = new Set(g.items.map((it) => it.layer.id));
  const added: StackItem[] = copied.layers.map((layer) => {
    const copy = { ...layer, id: freeId(layer, taken) };
    if (layer.params) copy.params = { ...layer.params };
    return keyed(copy);
  });
  const keyOf = new Map(copied.layers.map((layer, i) => [layer.id, added[i]!.key]));
  const inner: Wire[] =
    copied.edges === null
      ? added.slice(1).map((it, i): Wire => [added[i]!.key, it.key])
      : copied.edges.map(([s, t]): Wire => [keyOf.get(s)!, keyOf.get(t)!]).filter(([s, t]) => s !== t);
  const wires = wiresOf(g);
  // A layer no longer there (cut, or deleted while its card stayed open) is no place to go after.
  const known = anchor === INPUT_KEY || g.items.some((it) => it.key === anchor);
  const at = anchor !== null && known ? anchor : outputOf(g, wires);
  const fed = new Set(inner.map(([, t]) => t));
  const entries = added.filter((it, i) => !fed.has(it.key) || (copied.edges !== null && copied.entries.includes(copied.layers[i]!.id)));
  const ends = added.filter((it) => !inner.some(([s]) => s === it.key));
  const out = wires.filter(([s]) => s === at);
  const inLine = out.length === 1 && ends.length === 1;
  const kept = inLine ? wires.filter((w) => w !== out[0]) : wires;
  const joined: Wire[] = [...kept, ...entries.map((it): Wire => [at, it.key]), ...inner, ...(inLine ? [[ends[0]!.key, out[0]![1]] as Wire] : [])];
  const index = at === INPUT_KEY ? 0 : g.items.findIndex((it) => it.key === at) + 1;
  const items = [...g.items.slice(0, index), ...added, ...g.items.slice(index)];
  const seen = new Set<string>();
  const unique = joined.filter(([s, t]) => !seen.has(`${s}>${t}`) && Boolean(seen.add(`${s}>${t}`)));
  return { graph: normalised({ ...g, items, wires: unique }), keys: added.map((it) => it.key) };
}

/** Where a paste with no place chosen goes: after the last layer that feeds nothing (the output);
 * in an empty design, first. */
function outputOf(g: LayerGraph, wires: Wire[]): number {
  const ends = g.items.filter((it) => !wires.some(([s]) => s === it.key));
  return ends.at(-1)?.key ?? INPUT_KEY;
}
