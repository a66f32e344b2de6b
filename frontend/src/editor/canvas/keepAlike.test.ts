import { describe, expect, it } from "vitest";
import type { Node } from "@xyflow/react";
import { keepAlike } from "./keepAlike";

const report = { output_shape: [32], params: 2080, macs: 2048 };
const node = (id: string, x: number, data: Record<string, unknown>, selected = false): Node => ({ id, position: { x, y: 0 }, data, selected });

describe("keepAlike", () => {
  it("keeps the node drawn before when its fields, data and position are alike", () => {
    const before = [node("1", 0, { report }), node("2", 10, { report })];
    const next = keepAlike(before, [node("1", 0, { report }), node("2", 10, { report })]);
    expect(next).toBe(before); // nothing changed: the same list, and xyflow's store is left alone
  });

  it("makes a new list when one node changed, keeping the others", () => {
    const before = [node("1", 0, { report }), node("2", 10, { report })];
    const changed = node("2", 10, { report: { ...report, params: 0 } });
    const next = keepAlike(before, [node("1", 0, { report }), changed]);
    expect(next).not.toBe(before);
    expect(next[0]).toBe(before[0]);
    expect(next[1]).toBe(changed);
  });

  it("takes the new node when anything it shows changed", () => {
    const before = [node("1", 0, { report }), node("2", 10, { report }), node("3", 20, { report })];
    const after = [node("1", 5, { report }), node("2", 10, { report: { ...report } }), node("3", 20, { report }, true)];
    const next = keepAlike(before, after);
    expect(next).toEqual(after);
    next.forEach((n, i) => expect(n).toBe(after[i])); // moved; a new report; selected
  });

  it("takes new nodes, and leaves out ones that are gone", () => {
    const before = [node("1", 0, { report })];
    const next = keepAlike(before, [node("2", 0, { report })]);
    expect(next.map((n) => n.id)).toEqual(["2"]);
  });
});
