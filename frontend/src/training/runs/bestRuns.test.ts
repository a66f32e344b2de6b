import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { bestRuns } from "./bestRuns";

const run = (id: string, val_accuracy: number | null, val_loss: number | null, dataset = "digits", loss = "CrossEntropyLoss") =>
  ({ id, dataset_title: null, training: { dataset, loss }, metrics: { epoch: 1, step: 1, val_accuracy, val_loss } }) as unknown as RunInfo;

describe("bestRuns", () => {
  it("names the highest accuracy and the lowest loss, which may be two runs", () => {
    const best = bestRuns([run("a", 0.95, 0.2), run("b", 0.978, 0.25), run("c", 0.9, 0.06)]);
    expect([best.accuracy?.runs.map((r) => r.id), best.accuracy?.value]).toEqual([["b"], 0.978]);
    expect([best.loss?.runs.map((r) => r.id), best.loss?.value]).toEqual([["c"], 0.06]);
  });

  it("leaves out runs without the number, and says nothing of fewer than two with it", () => {
    expect(bestRuns([run("a", null, 0.3), run("b", null, Number.NaN)])).toEqual({ accuracy: null, loss: null });
    expect(bestRuns([run("a", 0.5, 0.3), run("b", 0.5, 0.2)]).accuracy?.runs.map((r) => r.id)).toEqual(["a", "b"]); // a tie: both
  });

  it("compares no numbers of other datasets or losses", () => {
    const other = bestRuns([run("a", 0.9, 0.3), run("b", 0.95, 0.2, "wine"), run("c", 0.8, 0.1, "digits", "MSELoss")]);
    expect(other).toEqual({ accuracy: null, loss: null });
    expect(bestRuns([run("a", 0.9, 0.3), run("b", 0.95, 0.2, "digits", "MSELoss")]).accuracy?.runs.map((r) => r.id)).toEqual(["b"]);
  });
});
