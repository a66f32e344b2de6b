// What of the last check still holds for the design now shown, while the server cannot check it
// (unreachable, or busy): opened offline, a new template showed the last design's shapes and counts
// under its own layers of the same ids. A layer's shape and count hold where it, the layers that
// feed it and theirs back to the input are as they were checked; the rest wait for the server.
import type { Design, ValidateResponse } from "../api/types";

const INPUT = "input";

/** The ids each layer takes its input from: the edges', else the layer before (the input first). */
function feeds(design: Design): Map<string, string[]> {
  const from = new Map(design.layers.map((layer, i) => [layer.id, design.edges ? [] : [design.layers[i - 1]?.id ?? INPUT]]));
  for (const [source, target] of design.edges ?? []) from.get(target)?.push(source);
  for (const sources of from.values()) sources.sort();
  return from;
}

/** The ids of the layers whose check holds for `now` as it did for `checked`. */
export function heldLayers(checked: Design, now: Design): Set<string> {
  const before = new Map(checked.layers.map((layer) => [layer.id, JSON.stringify(layer)]));
  const feedsBefore = feeds(checked);
  const feedsNow = feeds(now);
  const layers = new Map(now.layers.map((layer) => [layer.id, JSON.stringify(layer)]));
  const inputHolds = JSON.stringify(checked.input_shape) === JSON.stringify(now.input_shape);
  const known = new Map<string, boolean>();
  const holds = (id: string, seen: Set<string>): boolean => {
    if (id === INPUT) return inputHolds;
    const said = known.get(id);
    if (said !== undefined) return said;
    if (seen.has(id)) return false; // a cycle: the server says what is wrong with it
    seen.add(id);
    const sources = feedsNow.get(id) ?? [];
    const held =
      layers.get(id) === before.get(id) &&
      JSON.stringify(sources) === JSON.stringify(feedsBefore.get(id) ?? null) &&
      sources.every((source) => holds(source, seen));
    known.set(id, held);
    return held;
  };
  const held = new Set(now.layers.map((layer) => layer.id).filter((id) => holds(id, new Set())));
  return inputHolds ? held.add(INPUT) : held;
}

/** The last check's answer, cut to what holds for `now`: the other layers read as not yet checked. */
export function stillChecked(checked: Design, now: Design, result: ValidateResponse): ValidateResponse {
  if (checked === now) return result;
  const held = heldLayers(checked, now);
  const all = now.layers.every((layer) => held.has(layer.id)) && now.layers.length === checked.layers.length && held.has(INPUT);
  if (all) return result; // renamed, say: its design-wide errors still hold too
  const nodes = Object.fromEntries(Object.entries(result.nodes).filter(([id]) => held.has(id)));
  const parameters = result.parameters?.filter((p) => held.has(p.layer));
  const ofHeld = <T extends { node?: string | null }>(issues: T[] | undefined) => issues?.filter((e) => e.node != null && held.has(e.node));
  return {
    ...result,
    nodes,
    parameters,
    total_params: (parameters ?? []).reduce((sum, p) => sum + p.count, 0),
    errors: ofHeld(result.errors) ?? [],
    warnings: ofHeld(result.warnings),
    output_shape: null,
    estimate: null,
    valid: false,
  };
}
