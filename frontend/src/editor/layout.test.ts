import { describe, expect, it } from "vitest";
import { INPUT_KEY, type Point, type Wire } from "./layerGraph";
import { COLUMN, ROW, layeredLayout, spreadRows } from "./layout";

/** The wires of a chain input → 1 → 2 → … → n. */
const chainWires = (keys: number[]): Wire[] => keys.map((k, i) => [i === 0 ? INPUT_KEY : keys[i - 1]!, k]);

/** Two nodes overlap when their centres are closer than a column apart in one row. */
function overlapping(positions: Map<number, Point>): [number, number][] {
  const all = [...positions.entries()];
  return all.flatMap(([a, p], i) =>
    all.slice(i + 1).flatMap(([b, q]): [number, number][] => (p.y === q.y && Math.abs(p.x - q.x) < COLUMN ? [[a, b]] : [])),
  );
}

describe("layeredLayout", () => {
  it("puts the layers of a chain one below the other, under the input", () => {
    const keys = [1, 2, 3, 4];
    const positions = layeredLayout(keys, chainWires(keys));
    expect(positions.get(INPUT_KEY)).toEqual({ x: 0, y: 0 });
    expect(keys.map((k) => positions.get(k))).toEqual(keys.map((_, i) => ({ x: 0, y: (i + 1) * ROW })));
  });

  it("places a layer below its deepest input, whatever the list order", () => {
    // input → 3 → 1 → 2: the list says 1, 2, 3 but the wires decide the rows.
    const positions = layeredLayout([1, 2, 3], [[INPUT_KEY, 3], [3, 1], [1, 2]]);
    expect([3, 1, 2].map((k) => positions.get(k)!.y)).toEqual([ROW, 2 * ROW, 3 * ROW]);
  });

  it("gives every node of a skip connection its own place", () => {
    // input → 1 → 2 → 3 → 4(Add) with a skip 1 → 4.
    const keys = [1, 2, 3, 4];
    const wires: Wire[] = [...chainWires(keys), [1, 4]];
    const positions = layeredLayout(keys, wires);
    expect(positions.size).toBe(5);
    const places = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(places.size).toBe(5);
    expect(overlapping(positions)).toEqual([]);
    expect(positions.get(4)!.y).toBeGreaterThan(positions.get(3)!.y);
    // The skip runs beside 2 and 3, so they move off the centre line.
    expect(positions.get(2)!.x).not.toBe(0);
  });

  it("runs a skip on the side it comes from, so that it crosses no node", () => {
    // input → 1, 2, 3; 2 and 3 meet in 4 → 5 → 6, and 3 skips down to 6 on the right.
    const wires: Wire[] = [[INPUT_KEY, 1], [INPUT_KEY, 2], [INPUT_KEY, 3], [2, 4], [3, 4], [4, 5], [5, 6], [3, 6]];
    const positions = layeredLayout([1, 2, 3, 4, 5, 6], wires);
    expect(positions.get(3)!.x).toBe(COLUMN);
    expect([4, 5].map((k) => positions.get(k)!.x)).toEqual([-COLUMN / 2, -COLUMN / 2]);
    expect(positions.get(6)).toEqual({ x: 0, y: 4 * ROW });
  });

  it("lays branches side by side without overlap", () => {
    // input fans out to 1, 2, 3, which all meet in 4; 5 is loose.
    const keys = [1, 2, 3, 4, 5];
    const wires: Wire[] = [[INPUT_KEY, 1], [INPUT_KEY, 2], [INPUT_KEY, 3], [1, 4], [2, 4], [3, 4]];
    const positions = layeredLayout(keys, wires);
    expect([1, 2, 3].map((k) => positions.get(k)!.y)).toEqual([ROW, ROW, ROW]);
    expect(overlapping(positions)).toEqual([]);
    // A loose layer waits in the first row; a row of one is centred.
    expect(positions.get(5)!.y).toBe(ROW);
    expect(positions.get(4)).toEqual({ x: 0, y: 2 * ROW });
  });

  it("ends even when the wires make a cycle", () => {
    const positions = layeredLayout([1, 2], [[INPUT_KEY, 1], [1, 2], [2, 1]]);
    expect(positions.size).toBe(3);
    expect(overlapping(positions)).toEqual([]);
  });

  it("stands a cycle's layers one below another, in the order data reaches them", () => {
    // input → 1 → 3 ⇄ 2 (a loaded file): side by side, the two would not fit a phone's screen.
    const positions = layeredLayout([1, 2, 3], [[INPUT_KEY, 1], [1, 3], [3, 2], [2, 3]]);
    expect([1, 3, 2].map((k) => positions.get(k))).toEqual([1, 2, 3].map((r) => ({ x: 0, y: r * ROW })));
  });
});

describe("spreadRows", () => {
  it("moves the rows below a taller node down by what it exceeds, and leaves the rest", () => {
    const at = new Map([
      [0, { x: 0, y: 0 }],
      [1, { x: 0, y: ROW }],
      [2, { x: 250, y: ROW }],
      [3, { x: 0, y: 2 * ROW }],
      [4, { x: 0, y: 3 * ROW }],
    ]);
    const heights = new Map([
      [0, 58],
      [1, 58],
      [2, 148], // an error message: 90 px taller
      [3, 58],
    ]); // 4 not measured yet
    const spread = spreadRows(at, heights);
    expect([...spread.values()].map((p) => p.y)).toEqual([0, ROW, ROW, 2 * ROW + 90, 3 * ROW + 90]);
    expect(spreadRows(at, new Map())).toBe(at);
  });
});
