// A tiny layered layout for the canvas: each layer one row below its deepest input, top to bottom.
import { INPUT_KEY, type Point, type Wire } from "./layerGraph";

export const COLUMN = 250; // px between the centres of two nodes side by side
export const ROW = 104; // px between two rows

/** Positions for the input and each key: longest-path rows, ordered within a row by their inputs. */
export function layeredLayout(keys: number[], wires: Wire[]): Map<number, Point> {
  const inputs = new Map<number, number[]>(keys.map((k) => [k, []]));
  for (const [s, t] of wires) inputs.get(t)?.push(s);
  const row = rowsOf(keys, inputs);
  // A wire that skips rows gets a placeholder in each row between, so that it runs beside the nodes.
  const rows: number[][] = [];
  for (const key of [INPUT_KEY, ...keys]) (rows[row.get(key)!] ??= []).push(key);
  let placeholder = -1;
  for (const [s, t] of wires) {
    const [from, to] = [row.get(s), row.get(t)];
    if (from === undefined || to === undefined || to - from < 2) continue;
    let previous = s;
    for (let r = from + 1; r < to; r++, previous = placeholder--) {
      (rows[r] ??= []).push(placeholder);
      inputs.set(placeholder, [previous]);
    }
    inputs.set(t, inputs.get(t)!.map((src) => (src === s ? previous : src)));
  }
  const column = new Map<number, number>();
  const positions = new Map<number, Point>();
  rows.forEach((members = [], r) => {
    // The mean column of a node's inputs puts it under them; list order breaks ties.
    const centre = (key: number) => {
      const cols = inputs.get(key)?.map((s) => column.get(s)).filter((c): c is number => c !== undefined) ?? [];
      return cols.length ? cols.reduce((a, b) => a + b, 0) / cols.length : 0;
    };
    const ordered = members.map((key, i) => ({ key, i, c: centre(key) })).sort((a, b) => a.c - b.c || a.i - b.i);
    ordered.forEach(({ key }, i) => {
      const col = i - (ordered.length - 1) / 2;
      column.set(key, col);
      if (key >= 0) positions.set(key, { x: col * COLUMN, y: r * ROW });
    });
  });
  return positions;
}

/** The layout with each row moved down by how much taller than the others the rows above it
 * are drawn (a node showing its error grows), so that no node covers the one below it. */
export function spreadRows(positions: Map<number, Point>, heights: Map<number, number>): Map<number, Point> {
  if (heights.size === 0) return positions;
  const usual = Math.min(...heights.values());
  const extra = new Map<number, number>(); // row → how much its tallest node exceeds the usual
  for (const [key, at] of positions) {
    const height = heights.get(key);
    if (height === undefined) continue;
    const row = Math.round(at.y / ROW);
    extra.set(row, Math.max(extra.get(row) ?? 0, height - usual));
  }
  const rows = [...extra.keys()].sort((a, b) => a - b);
  const spread = new Map<number, Point>();
  for (const [key, at] of positions) {
    const row = Math.round(at.y / ROW);
    const below = rows.filter((r) => r < row).reduce((sum, r) => sum + extra.get(r)!, 0);
    spread.set(key, below ? { x: at.x, y: at.y + below } : at);
  }
  return spread;
}

/**
 * Each key's row: one below its deepest input, the input's row 0 and a loose layer's row 1. A wire
 * that closes a cycle (a loaded file can hold one) is left out, so that the layers on the cycle
 * stand one below another in the order data reaches them, not side by side in one row.
 */
function rowsOf(keys: number[], inputs: Map<number, number[]>): Map<number, number> {
  const row = new Map<number, number>([[INPUT_KEY, 0]]);
  const onPath = new Set<number>(); // the keys whose rows wait on the one being found
  const rowOf = (key: number): number => {
    const known = row.get(key);
    if (known !== undefined) return known;
    onPath.add(key);
    const sources = inputs.get(key)!.filter((s) => !onPath.has(s) && (s === INPUT_KEY || inputs.has(s)));
    const r = sources.length ? Math.max(...sources.map(rowOf)) + 1 : 1;
    onPath.delete(key);
    row.set(key, r);
    return r;
  };
  keys.forEach(rowOf);
  return row;
}
