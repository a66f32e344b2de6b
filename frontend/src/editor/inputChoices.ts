// Which layers can feed a layer, for wiring by keyboard in the inspector: the same rules as
// dragging a wire on the canvas (no cycle, one input unless the layer joins branches); and which
// wires a one-input layer can be moved onto, as dropping it on one does.
import { canMoveOnto, connectionProblem, disconnect, idOf, INPUT_KEY, sourcesOf, wiresOf, type LayerGraph, type Wire } from "./layerGraph";

export interface InputChoices {
  /** The keys that feed the layer now, in wiring order. */
  current: number[];
  /** The keys that could feed it too (joins) or instead (one input), with their ids. */
  options: { key: number; id: string }[];
}

export function inputChoices(g: LayerGraph, key: number, joins: boolean): InputChoices {
  const current = sourcesOf(wiresOf(g), key);
  // A layer with one input: which others could replace it, so judge without the wire it has.
  const judged = joins ? g : disconnect(g, current.map((s): Wire => [s, key]));
  const candidates = [INPUT_KEY, ...g.items.map((it) => it.key)].filter((k) => k !== key && !current.includes(k));
  const options = candidates
    .filter((k) => connectionProblem(judged, k, key, () => joins) === null)
    .map((k) => ({ key: k, id: idOf(g, k) }));
  return { current, options };
}

/** A wire a layer can be moved onto, with the ids at its two ends. */
export interface WireChoice {
  wire: Wire;
  from: string;
  to: string;
}

/** Every wire the layer would move to (not its own, nor a skip beside it): moved onto one, it takes
 * that wire's place (layerGraph.moveOntoWire). */
export function wireChoices(g: LayerGraph, key: number): WireChoice[] {
  const wires = wiresOf(g);
  return wires
    .filter((wire) => canMoveOnto(g, key, wire, wires))
    .map((wire) => ({ wire, from: idOf(g, wire[0]), to: idOf(g, wire[1]) }));
}
