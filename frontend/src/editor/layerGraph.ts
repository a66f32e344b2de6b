// The layers and the wires between them, as the editor holds them; pure functions, no React.
// A wire joins two item keys (INPUT_KEY is the input). `wires: null` means a stack in list order.
import type { Design, DesignFix, Layer } from "../api/types";
import { freshLayerId } from "./layerIds";

export const INPUT_KEY = 0;
const INPUT_ID = "input"; // the input's name in the design's edges

/** A layer with a key that survives renames, for React lists and wires. */
export interface StackItem {
  key: number;
  layer: Layer;
}

export type Wire = [number, number];
export interface Point {
  x: number;
  y: number;
}

export interface LayerGraph {
  items: StackItem[];
  wires: Wire[] | null;
  /** Canvas positions the person chose; the others come from the automatic layout. */
  positions: Record<number, Point>;
}

export const EMPTY_GRAPH: LayerGraph = { items: [], wires: null, positions: {} };

let nextKey = 1;
export const keyed = (layer: Layer): StackItem => ({ key: nextKey++, layer });

/** The wires of a stack: input → first → second … */
function chain(items: StackItem[]): Wire[] {
  return items.map((it, i) => [i === 0 ? INPUT_KEY : items[i - 1]!.key, it.key]);
}

export function wiresOf(g: LayerGraph): Wire[] {
  return g.wires ?? chain(g.items);
}

/** Back to a stack (no explicit edges) when the wires are exactly the list order. */
export function normalised(g: LayerGraph): LayerGraph {
  if (g.wires === null) return g;
  const stack = chain(g.items);
  const same = stack.length === g.wires.length && stack.every(([s, t], i) => g.wires![i]![0] === s && g.wires![i]![1] === t);
  return same ? { ...g, wires: null } : g;
}

/** What the wiring choices depend on, as one string: the layers' keys, ids and types, and the
 * wires; not params or places, so a choice worked out once holds while params are typed. */
export function wiringOf(g: LayerGraph): string {
  const layers = g.items.map((it) => `${it.key}:${it.layer.id}:${it.layer.type}`).join(" ");
  return `${layers}|${g.wires ? g.wires.map(([s, t]) => `${s}-${t}`).join(" ") : "stack"}`;
}

export const sourcesOf = (wires: Wire[], key: number) => wires.filter(([, t]) => t === key).map(([s]) => s);

function reaches(wires: Wire[], from: number, to: number): boolean {
  const next = new Map<number, number[]>(); // each key → the keys it feeds, made once: a walk is then linear
  for (const [s, t] of wires) next.set(s, [...(next.get(s) ?? []), t]);
  const seen = new Set<number>();
  const todo = [from];
  while (todo.length) {
    const at = todo.pop()!;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    todo.push(...(next.get(at) ?? []));
  }
  return false;
}

export function idOf(g: LayerGraph, key: number): string {
  return key === INPUT_KEY ? INPUT_ID : (g.items.find((it) => it.key === key)?.layer.id ?? "?");
}

/** Why a wire from source to target cannot be made, or null when it can. */
export function connectionProblem(g: LayerGraph, source: number, target: number, joins: (type: string) => boolean): string | null {
  const wires = wiresOf(g);
  const target_ = g.items.find((it) => it.key === target);
  if (!target_) return "The input takes no edges: connect it to the first layer instead.";
  const [from, to] = [idOf(g, source), target_.layer.id];
  if (source === target) return `\`${to}\` cannot feed itself.`;
  if (wires.some(([s, t]) => s === source && t === target)) return `\`${from}\` already feeds \`${to}\`.`;
  const inputs = sourcesOf(wires, target);
  if (!joins(target_.layer.type) && inputs.length > 0)
    return `${target_.layer.type} \`${to}\` takes one input and already has one from \`${idOf(g, inputs[0]!)}\`: join branches with an Add or a Concat.`;
  if (reaches(wires, target, source)) return `That would make a cycle: \`${to}\` already feeds \`${from}\`.`;
  return null;
}

/** A new wire; a layer dropped loose joins the automatic layout once it is wired in. */
export function connect(g: LayerGraph, source: number, target: number): LayerGraph {
  const loose = sourcesOf(wiresOf(g), target).length === 0;
  const positions = loose ? Object.fromEntries(Object.entries(g.positions).filter(([key]) => Number(key) !== target)) : g.positions;
  return normalised({ ...g, wires: [...wiresOf(g), [source, target]], positions });
}

export function disconnect(g: LayerGraph, remove: Wire[]): LayerGraph {
  const gone = (w: Wire) => remove.some(([s, t]) => s === w[0] && t === w[1]);
  return normalised({ ...g, wires: wiresOf(g).filter((w) => !gone(w)) });
}

/** Removes layers; a removed layer with one input hands that input on to the layers it fed. */
export function removeKeys(g: LayerGraph, keys: Set<number>): LayerGraph {
  const items = g.items.filter((it) => !keys.has(it.key));
  if (g.wires === null) return { ...g, items };
  let wires = g.wires;
  for (const key of keys) {
    const sources = sourcesOf(wires, key);
    wires = wires
      .filter(([, t]) => t !== key)
      .map(([s, t]): Wire => (s === key && sources.length === 1 ? [sources[0]!, t] : [s, t]))
      .filter(([s]) => s !== key);
  }
  // Bridging a deleted layer can repeat a wire that was already there (its input fed the same join).
  const seen = new Set<string>();
  wires = wires.filter(([s, t]) => !seen.has(`${s}>${t}`) && Boolean(seen.add(`${s}>${t}`)));
  return normalised({ ...g, items, wires });
}

/** Adds a layer: at the end of a stack, or unconnected (at `at`) in a graph. */
export function addItem(g: LayerGraph, layer: Layer, at?: Point, keep: Record<number, Point> = {}): LayerGraph {
  const item = keyed(layer);
  // `keep`: where the others are drawn now, held there (laid out anew, they moved around it).
  const positions = at && g.wires !== null ? { ...keep, ...g.positions, [item.key]: at } : g.positions;
  return { ...g, items: [...g.items, item], positions };
}

/** Puts a new layer on the wire after → before (in a stack: between them in the list). */
export function insertBetween(g: LayerGraph, after: number, before: number, layer: Layer): LayerGraph {
  return placeBetween(g, after, before, keyed(layer));
}

/** Puts an item that is not in the graph on the wire after → before, listed just before `before`. */
function placeBetween(g: LayerGraph, after: number, before: number, item: StackItem): LayerGraph {
  const index = g.items.findIndex((it) => it.key === before);
  const items = [...g.items.slice(0, index), item, ...g.items.slice(index)];
  if (g.wires === null) return { ...g, items };
  const wires = g.wires.flatMap(([s, t]): Wire[] => (s === after && t === before ? [[s, item.key], [item.key, t]] : [[s, t]]));
  return normalised({ ...g, items, wires });
}

/** Puts a new layer into a stack right after `after` (first when that is the input). In a graph:
 * onto the one wire out of `after`, or fed by it where it feeds nothing (a branch's end); with
 * several wires out there is no single place after it, and the layer waits unconnected. */
export function insertAfter(g: LayerGraph, after: number, layer: Layer): LayerGraph {
  if (g.wires !== null) return insertAfterInGraph(g, g.wires, after, keyed(layer));
  const index = after === INPUT_KEY ? 0 : g.items.findIndex((it) => it.key === after) + 1;
  if (index === 0 && after !== INPUT_KEY) return addItem(g, layer);
  return { ...g, items: [...g.items.slice(0, index), keyed(layer), ...g.items.slice(index)] };
}

/** Whether insertAfter finds a place right after `after`: always in a stack; in a graph, where
 * at most one wire leaves it. */
export function hasPlaceAfter(g: LayerGraph, after: number): boolean {
  return g.wires === null || g.wires.filter(([s]) => s === after).length <= 1;
}

function insertAfterInGraph(g: LayerGraph, wires: Wire[], after: number, item: StackItem): LayerGraph {
  const out = wires.filter(([s]) => s === after);
  if (out.length === 1) return placeBetween(g, after, out[0]![1], item);
  const index = g.items.findIndex((it) => it.key === after) + 1; // listed after it; 0 after the input
  if (out.length > 0 || (index === 0 && after !== INPUT_KEY)) return { ...g, items: [...g.items, item] };
  const items = [...g.items.slice(0, index), item, ...g.items.slice(index)];
  return normalised({ ...g, items, wires: [...wires, [after, item.key]] });
}

/** Whether moving a layer onto the wire after → before puts it somewhere new: not a wire of its
 * own, nor one beside it (a skip wire from its one input to a layer it feeds, where it already
 * stands between the two; moved there, the bridge Delete leaves would be that wire again). */
export function canMoveOnto(g: LayerGraph, key: number, [after, before]: Wire, wires: Wire[] = wiresOf(g)): boolean {
  if (after === key || before === key || !wires.some(([s, t]) => s === after && t === before)) return false;
  const sources = sourcesOf(wires, key);
  return !(sources.length === 1 && sources[0] === after && wires.some(([s, t]) => s === key && t === before));
}

/** Takes a layer out of where it is (its input bridged to what it fed, as Delete does) and puts
 * it on the wire after → before; its place by hand is forgotten, so the layout puts it in line. */
export function moveOntoWire(g: LayerGraph, key: number, [after, before]: Wire): LayerGraph {
  const item = g.items.find((it) => it.key === key);
  if (!item || !canMoveOnto(g, key, [after, before])) return g;
  const positions = Object.fromEntries(Object.entries(g.positions).filter(([k]) => Number(k) !== key));
  return placeBetween(removeKeys({ ...g, positions }, new Set([key])), after, before, item);
}

/** A copy of each layer, with a fresh id, right after it: it takes over what the original fed. */
export function duplicateKeys(g: LayerGraph, keys: Set<number>): LayerGraph {
  let next = g;
  for (const key of keys) {
    const original = next.items.find((it) => it.key === key);
    if (!original) continue;
    const id = freshLayerId(original.layer.type, next.items.map((it) => it.layer.id));
    const copy = keyed({ ...original.layer, id, params: original.layer.params ? { ...original.layer.params } : undefined });
    if (!copy.layer.params) delete copy.layer.params;
    const index = next.items.indexOf(original);
    const items = [...next.items.slice(0, index + 1), copy, ...next.items.slice(index + 1)];
    const wires =
      next.wires === null
        ? null
        : [...next.wires.map(([s, t]): Wire => (s === key ? [copy.key, t] : [s, t])), [key, copy.key] as Wire];
    next = normalised({ ...next, items, wires });
  }
  return next;
}

/** Applies a server's one-click fix: a new layer on the edge from `after` to `before`, one
 * param of a layer set, a layer removed (a join left with one input, which it passes on), or a
 * layer moved onto the edge from `after` to `before`. */
export function applyFix(g: LayerGraph, fix: DesignFix): LayerGraph {
  const keyOf = (id: string) => (id === INPUT_ID ? INPUT_KEY : g.items.find((it) => it.layer.id === id)?.key);
  if ("move" in fix) {
    const [moved, after, before] = [keyOf(fix.move), keyOf(fix.after), keyOf(fix.before)];
    return moved === undefined || after === undefined || before === undefined ? g : moveOntoWire(g, moved, [after, before]);
  }
  if ("remove" in fix) {
    const item = g.items.find((it) => it.layer.id === fix.remove);
    return item ? removeKeys(g, new Set([item.key])) : g;
  }
  if ("param" in fix) {
    const items = g.items.map((it) =>
      it.layer.id === fix.layer ? { ...it, layer: { ...it.layer, params: { ...it.layer.params, [fix.param]: fix.value } } } : it,
    );
    return items.some((it, i) => it !== g.items[i]) ? { ...g, items } : g;
  }
  const id = freshLayerId(fix.insert.type, g.items.map((it) => it.layer.id));
  const params = fix.insert.params ?? {};
  const layer: Layer = Object.keys(params).length ? { id, type: fix.insert.type, params } : { id, type: fix.insert.type };
  const after = keyOf(fix.after);
  if (fix.before === null || fix.before === undefined) return after === undefined ? g : appendAfter(g, after, layer);
  const before = keyOf(fix.before);
  if (after === undefined || before === undefined) return g;
  return insertBetween(g, after, before, layer);
}

/** A new last layer fed by `after` (the last one), which ends the network in its place. */
function appendAfter(g: LayerGraph, after: number, layer: Layer): LayerGraph {
  if (g.wires === null) return insertAfter(g, after, layer);
  const item = keyed(layer);
  return normalised({ ...g, items: [...g.items, item], wires: [...g.wires, [after, item.key]] });
}

export function toDesign(name: string, inputShape: number[], g: LayerGraph): Design {
  const design: Design = { version: 1, name, input_shape: inputShape, layers: g.items.map((it) => it.layer) };
  if (g.wires !== null) design.edges = g.wires.map(([s, t]) => [idOf(g, s), idOf(g, t)]);
  return design;
}

/** The editor's graph for a design; throws an Error naming an edge whose layer does not exist. */
export function fromDesign(design: Design): LayerGraph {
  const items = design.layers.map(keyed);
  if (!design.edges) return { items, wires: null, positions: {} };
  const keyOf = (id: string, edge: [string, string]) => {
    if (id === INPUT_ID) return INPUT_KEY;
    const item = items.find((it) => it.layer.id === id);
    if (!item) throw new Error(`The edge from "${edge[0]}" to "${edge[1]}" names "${id}", which is not a layer of the design.`);
    return item.key;
  };
  const wires = design.edges.map((edge): Wire => [keyOf(edge[0], edge), keyOf(edge[1], edge)]);
  return normalised({ items, wires, positions: {} });
}
