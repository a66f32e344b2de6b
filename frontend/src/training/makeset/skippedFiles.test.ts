import { describe, expect, it } from "vitest";
import { skippedNote, withSkipped, withoutClass, type SkippedFiles } from "./skippedFiles";

const none: SkippedFiles = new Map();

describe("skipped files", () => {
  it("keeps a class's skipped files when pictures come to another class", () => {
    const first = withSkipped(none, 1, ["broken.png"]);
    const then = withSkipped(first, 2, []);
    expect(then.get(1)).toEqual(["broken.png"]);
    expect(withSkipped(then, 2, ["notes.txt"]).get(1)).toEqual(["broken.png"]);
  });

  it("adds a class's later skipped files to its earlier ones, each once", () => {
    const first = withSkipped(none, 1, ["broken.png"]);
    expect(withSkipped(first, 1, ["notes.txt", "broken.png"]).get(1)).toEqual(["broken.png", "notes.txt"]);
  });

  it("forgets only the class removed or dismissed", () => {
    const both = withSkipped(withSkipped(none, 1, ["a.png"]), 2, ["b.png"]);
    const left = withoutClass(both, 1);
    expect([...left.keys()]).toEqual([2]);
    expect(withoutClass(left, 7)).toBe(left);
  });

  it("names each file, as code", () => {
    expect(skippedNote(["broken.png"])).toBe("`broken.png` is not a picture this browser can read: skipped.");
    expect(skippedNote(["a.png", "b.txt"])).toBe("`a.png`, `b.txt` are not pictures this browser can read: skipped.");
  });
});
