import { describe, expect, it } from "vitest";
import type { ClassEntry } from "../../api/types";
import { resultHeading, resultText, sortEntries } from "./classEntries";

const entry = (student_name: string, val_accuracy: number | null, val_loss: number | null, handed_at: number): ClassEntry => ({
  id: student_name,
  student_name,
  run_name: "mlp",
  dataset: "digits",
  status: "succeeded",
  epoch: 1,
  epochs: 1,
  val_accuracy,
  val_loss,
  handed_at,
  link: "/s/x",
});

describe("a class's entries", () => {
  it("say accuracy, else loss, else a dash", () => {
    expect(resultText(entry("a", 0.9234, 0.3, 1))).toBe("92.3%");
    expect(resultText(entry("a", null, 0.21437, 1))).toBe("loss 0.214");
    expect(resultText(entry("a", null, null, 1))).toBe("—");
  });
  it("name the result column's metric: accuracy, loss, or both where the class holds each", () => {
    expect(resultHeading([entry("a", 0.9, 0.3, 1), entry("b", null, null, 2)])).toBe("Validation accuracy");
    expect(resultHeading([entry("a", null, 0.3, 1)])).toBe("Validation loss");
    expect(resultHeading([entry("a", 0.9, 0.3, 1), entry("b", null, 0.2, 2)])).toBe("Validation accuracy or loss");
  });
  it("sort by result: best accuracy first, runs without one last", () => {
    const rows = [entry("none", null, null, 1), entry("low", 0.5, 1, 2), entry("high", 0.9, 0.2, 3)];
    expect(sortEntries(rows, "result").map((e) => e.student_name)).toEqual(["high", "low", "none"]);
    expect(sortEntries(rows, "student").map((e) => e.student_name)).toEqual(["high", "low", "none"]);
    expect(sortEntries(rows, "handed").map((e) => e.student_name)).toEqual(["none", "low", "high"]);
  });
  it("sort regression by lowest loss first", () => {
    const rows = [entry("worse", null, 0.9, 1), entry("better", null, 0.1, 2)];
    expect(sortEntries(rows, "result").map((e) => e.student_name)).toEqual(["better", "worse"]);
  });
});
