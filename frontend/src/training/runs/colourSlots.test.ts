import { describe, expect, it } from "vitest";
import { keepSlots } from "./colourSlots";

describe("keepSlots", () => {
  it("numbers the first ticked runs in order", () => {
    expect([...keepSlots(new Map(), ["a", "b", "c"])]).toEqual([["a", 0], ["b", 1], ["c", 2]]);
  });

  it("keeps the others' slots when one is unticked", () => {
    const first = keepSlots(new Map(), ["a", "b", "c"]);
    expect([...keepSlots(first, ["b", "c"])]).toEqual([["b", 1], ["c", 2]]);
  });

  it("gives a newly ticked run the lowest free slot", () => {
    const after = keepSlots(keepSlots(new Map(), ["a", "b", "c"]), ["b", "c"]);
    expect(keepSlots(after, ["b", "c", "d"]).get("d")).toBe(0);
    expect(keepSlots(after, ["b", "c", "d", "e"]).get("e")).toBe(3);
  });

  it("is the same when asked twice with the same runs", () => {
    const once = keepSlots(new Map([["x", 4]]), ["x", "y"]);
    expect([...keepSlots(once, ["x", "y"])]).toEqual([...once]);
  });
});
