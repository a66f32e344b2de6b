// Which layers can feed a layer, for wiring by keyboard in the inspector: the same rules as
// dragging a wire on the canvas (no cycle, one input unless the layer joins branches).
import { connectionProblem, disconnect, idOf, INPUT_KEY, sourcesOf, wiresOf, type LayerGraph, type Wire } from "./layerGraph";

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
