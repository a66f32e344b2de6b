import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import type { RunResults } from "../api/types";
import { askedSample, resultsFailed, RESULTS_AT_THE_END } from "./askedSample";

type Mistake = RunResults["misclassified"][number];
const mistake = (index: number, sample: number[], extra: Partial<Mistake> = {}): Mistake => ({
  index, true: "a", predicted: "b", confidence: 0.9, sample, sequence: null, ...extra,
});
const results = (shape: number[], misclassified: Mistake[], extra: Partial<RunResults> = {}): RunResults => ({
  task: "classification", sample_shape: shape, classes: ["a", "b"], confusion: null, per_class: null,
  misclassified, regression: null, boundary: null, test: null, ...extra,
});
const loaded = (r: RunResults) => ({ state: "loaded" as const, results: r });

describe("the sample a model page's address asks for", () => {
  it("opens a kept mistake, and waits while the results load", () => {
    const kept = results([2], [mistake(4, [1, 2])]);
    expect(askedSample(4, loaded(kept))).toMatchObject({ sample: { index: 4, input: [1, 2] }, problem: null });
    expect(askedSample(4, { state: "loading" })).toEqual({ index: 4, sample: null, problem: null, toMistakes: false });
  });

  it("says a sample not kept cannot be opened, and where the kept ones are", () => {
    const kept = results([2], [mistake(4, [1, 2]), mistake(9, [3, 4])]);
    expect(askedSample(5, loaded(kept))).toEqual({
      index: 5, sample: null, toMistakes: true,
      problem: "Validation sample #5 cannot be opened: it is not among the 2 misclassified samples this run kept; open one of them from Mistakes, below.",
    });
    const none = askedSample(5, loaded(results([2], [])));
    expect(none.problem).toBe("Validation sample #5 cannot be opened: this run kept no misclassified samples (it got every validation sample right).");
    expect(none.toMistakes).toBe(false);
    const sequences = results([1, 2], [mistake(1, [], { sequence: { steps: 2, channels: [[1, 2]] } })]);
    expect(askedSample(5, loaded(sequences))).toMatchObject({ toMistakes: false, problem: expect.stringContaining("none of them can be tried here either") as string });
    expect(askedSample(1, loaded(sequences)).problem).toBe("Validation sample #1 cannot be opened: Try it takes no sample of shape (1, 2).");
    expect(askedSample(1, loaded(results([1], [], { task: "regression" }))).problem).toContain("a regression's run keeps no misclassified samples");
  });

  it("says why when the results did not load, never loading for ever", () => {
    const damaged = resultsFailed(new ApiError("Run r's results.json is damaged: it cannot be read. Train the design again.", 409));
    expect(askedSample(3, { state: "none", why: damaged })).toEqual({
      index: 3, sample: null, toMistakes: false,
      problem: "Validation sample #3 cannot be opened: this model's results did not load: Run r's results.json is damaged: it cannot be read. Train the design again.",
    });
    // A fault that may pass (the server's, the network's): reload.
    expect(resultsFailed(new ApiError("500 Internal Server Error", 500))).toBe("this model's results did not load: 500 Internal Server Error. Reload the page to try again.");
    expect(resultsFailed(new TypeError("Failed to fetch"))).toBe("this model's results did not load: Failed to fetch. Reload the page to try again.");
    expect(askedSample(3, { state: "none", why: RESULTS_AT_THE_END }).problem).toBe(
      "Validation sample #3 cannot be opened: this run is still training: its results, with the misclassified samples it keeps, come when it ends.",
    );
  });
});
