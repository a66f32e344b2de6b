// A new answer from the server with each layer's report and each learnable tensor that has not
// changed kept as the very object shown before, so that a layer's card, node and rows in the
// Parameters panel see the same objects and need not redraw: one edit in a 200-layer design
// redraws the few layers it changed, not all 200.
import type { ParameterInfo, ValidateResponse } from "../api/types";

/** Every field alike (the server writes them in one order). */
function same<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The new tensors, each the one shown before where its name, layer, shape and count are alike. */
function steadyParameters(previous: ParameterInfo[] | undefined, next: ParameterInfo[] | undefined): ParameterInfo[] | undefined {
  if (!previous || !next) return next;
  const shown = new Map(previous.map((p) => [p.name, p]));
  return next.map((p) => {
    const before = shown.get(p.name);
    return before && same(before, p) ? before : p;
  });
}

export function steadyResult(previous: ValidateResponse | null, next: ValidateResponse): ValidateResponse {
  if (!previous) return next;
  const nodes: ValidateResponse["nodes"] = {};
  for (const [id, report] of Object.entries(next.nodes)) {
    const before = previous.nodes[id];
    nodes[id] = before && same(before, report) ? before : report;
  }
  return { ...next, nodes, parameters: steadyParameters(previous.parameters, next.parameters) };
}
