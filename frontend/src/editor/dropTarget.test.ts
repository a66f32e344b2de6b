import { describe, expect, it } from "vitest";
import { clearSpot, distanceToPath, nodeAbove, wireAt, type WireTrace } from "./dropTarget";

// Two wires down from (100, 0): one straight to (100, 100), one bending out to (300, 100).
const straight: WireTrace = { id: "1-2", points: [{ x: 100, y: 0 }, { x: 100, y: 100 }], label: { x: 80, y: 40, width: 40, height: 16 } };
const bent: WireTrace = {
  id: "1-3",
  points: [{ x: 100, y: 0 }, { x: 200, y: 50 }, { x: 300, y: 100 }],
  label: null,
};

describe("wireAt", () => {
  it("finds the wire whose path passes within the tolerance", () => {
    expect(wireAt({ x: 106, y: 20 }, [straight, bent], 8)).toBe("1-2");
    expect(wireAt({ x: 250, y: 80 }, [straight, bent], 8)).toBe("1-3");
    expect(wireAt({ x: 130, y: 90 }, [straight, bent], 8)).toBeNull();
  });

  it("takes the nearer of two wires that both pass close", () => {
    expect(wireAt({ x: 103, y: 10 }, [straight, bent], 8)).toBe("1-2");
    expect(wireAt({ x: 108, y: 7 }, [straight, bent], 8)).toBe("1-3");
  });

  it("counts a drop on a wire's shape label, wider than the wire", () => {
    expect(wireAt({ x: 118, y: 50 }, [bent, straight], 4)).toBe("1-2");
  });
});

describe("distanceToPath", () => {
  it("measures to the nearest segment, and to a lone point", () => {
    expect(distanceToPath({ x: 0, y: 5 }, [{ x: -10, y: 0 }, { x: 10, y: 0 }])).toBe(5);
    expect(distanceToPath({ x: 13, y: 4 }, [{ x: -10, y: 0 }, { x: 10, y: 0 }])).toBe(5);
    expect(distanceToPath({ x: 3, y: 4 }, [{ x: 0, y: 0 }])).toBe(5);
  });
});

describe("nodeAbove", () => {
  const node = (key: number, x: number, y: number) => ({ key, box: { x, y, width: 200, height: 50 } });
  const stack = [node(0, 0, 0), node(1, 0, 100), node(2, 0, 200)];

  it("picks the lowest node whose top is above the point, beside the stack or on a node", () => {
    expect(nodeAbove({ x: -150, y: 170 }, stack)).toBe(1);
    expect(nodeAbove({ x: 100, y: 220 }, stack)).toBe(2);
    expect(nodeAbove({ x: 500, y: 900 }, stack)).toBe(2);
  });

  it("is null above every node", () => {
    expect(nodeAbove({ x: 100, y: -20 }, stack)).toBeNull();
  });

  it("takes the nearer of two nodes in one row", () => {
    expect(nodeAbove({ x: 620, y: 130 }, [...stack, node(5, 400, 100)])).toBe(5);
    expect(nodeAbove({ x: 60, y: 130 }, [...stack, node(5, 400, 100)])).toBe(1);
  });
});

describe("clearSpot", () => {
  const size = { width: 200, height: 60 };
  const flat = { x: 0, y: 138, width: 200, height: 51 };

  it("keeps a drop that covers no layer where it was dropped", () => {
    expect(clearSpot({ x: 0, y: 300 }, size, [flat])).toEqual({ x: 0, y: 300 });
    expect(clearSpot({ x: 260, y: 140 }, size, [flat])).toEqual({ x: 260, y: 140 }); // beside it
  });

  it("moves a drop onto a layer's foot below that layer, and below the next it would then cover", () => {
    expect(clearSpot({ x: 10, y: 185 }, size, [flat])).toEqual({ x: 10, y: 189 + 24 });
    const next = { x: 0, y: 230, width: 200, height: 51 };
    expect(clearSpot({ x: 10, y: 185 }, size, [flat, next])).toEqual({ x: 10, y: 281 + 24 });
  });
});
