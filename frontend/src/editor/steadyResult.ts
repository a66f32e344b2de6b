// A new answer from the server with each layer's report that has not changed kept as the very
// object shown before, so that a layer's card and node see the same report and need not redraw:
// one edit in a 200-layer design redraws the few layers it changed, not all 200.
import type { NodeReport, ValidateResponse } from "../api/types";

/** Every field alike (the server writes them in one order). */
function sameReport(a: NodeReport, b: NodeReport): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function steadyResult(previous: ValidateResponse | null, next: ValidateResponse): ValidateResponse {
  if (!previous) return next;
  const nodes: ValidateResponse["nodes"] = {};
  for (const [id, report] of Object.entries(next.nodes)) {
    const before = previous.nodes[id];
    nodes[id] = before && sameReport(before, report) ? before : report;
  }
  return { ...next, nodes };
}
