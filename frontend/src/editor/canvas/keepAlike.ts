// The canvas's nodes and edges made afresh from each design and answer, with every one alike the
// one drawn before kept as that very object: xyflow then redraws only the ones that changed, not
// all 200 of a long design for each keystroke.
import type { Edge, Node } from "@xyflow/react";

/** The same values, one level down (a node's data, its position). */
function shallowSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return ka.length === kb.length && ka.every((k) => ra[k] === rb[k]);
}

/** Every field the same, and the data and position objects alike field by field. */
export function alike(a: Node | Edge, b: Node | Edge): boolean {
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  const [ra, rb] = [a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>];
  return ka.length === kb.length && ka.every((k) => ra[k] === rb[k] || ((k === "data" || k === "position") && shallowSame(ra[k], rb[k])));
}

/** `next`, with each element alike its namesake in `previous` replaced by it; `previous` itself
 * when every element is kept in the same order, so that xyflow's store is not updated at all (each
 * update asks every node, edge and handle drawn whether it changed). */
export function keepAlike<T extends Node | Edge>(previous: T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  const kept = next.map((item) => {
    const old = before.get(item.id);
    return old && alike(old, item) ? old : item;
  });
  return kept.length === previous.length && kept.every((item, i) => item === previous[i]) ? previous : kept;
}
