import { describe, expect, it } from "vitest";
import type { RunResults } from "../../api/types";
import { openedSample, sampleFragment, sampleOfFragment, shortFloat32 } from "./mistakeSample";

type Mistake = RunResults["misclassified"][number];
const mistake = (index: number, sample: number[], extra: Partial<Mistake> = {}): Mistake => ({
  index, true: "a", predicted: "b", confidence: 0.9, sample, sequence: null, ...extra,
});
const results = (shape: number[], misclassified: Mistake[], boundary: RunResults["boundary"] = null): RunResults => ({
  task: "classification", sample_shape: shape, classes: ["a", "b"], confusion: null, per_class: null,
  misclassified, regression: null, boundary, test: null,
});

describe("a misclassified sample opened in Try it", () => {
  it("is asked for by the model page's fragment, and only by a well-formed one", () => {
    expect(sampleOfFragment(sampleFragment(12))).toBe(12);
    expect(sampleOfFragment("#sample=0")).toBe(0);
    for (const hash of ["", "#sample=", "#sample=-1", "#sample=1.5", "#sample=12x", "#other=3", "#sample=1234567890"])
      expect(sampleOfFragment(hash)).toBeNull();
  });

  it("gives Try it a picture's or a table's values as the run's results keep them", () => {
    const picture = mistake(7, new Array<number>(64).fill(0.5));
    expect(openedSample(results([1, 8, 8], [picture]), picture)).toEqual({ index: 7, input: picture.sample, true: "a", predicted: "b" });
    const row = mistake(3, [1, 2, 3]);
    expect(openedSample(results([3], [row]), row)?.input).toEqual([1, 2, 3]);
  });

  it("is given as a person types numbers: the same float32s, or their first 7 figures", () => {
    const f32 = (v: number) => new Float32Array([v])[0]!;
    expect(shortFloat32(f32(13.05))).toBe(13.05);
    expect(shortFloat32(f32(0.1))).toBe(0.1);
    expect(shortFloat32(0.8125)).toBe(0.8125);
    for (const v of [f32(1234.567), f32(-0.000123456), 0, 1 / 255, 3 / 16]) expect(Math.fround(shortFloat32(v))).toBe(Math.fround(v));
    expect(shortFloat32(f32(f32(0.32) * 1.000_000_1))).toBe(0.32); // a table's value, standardised and back
    expect(shortFloat32(f32(Math.PI))).toBe(3.141593); // 7 figures: all a float32 holds
    // A table's value in its units, scaled back in float64: every figure kept (a unix time).
    expect(shortFloat32(1000000017.0000001)).toBe(1000000017);
    expect(shortFloat32(123456.78000000001)).toBe(123456.78);
    expect(shortFloat32(13.050000000000001)).toBe(13.05);
    const row = mistake(3, [f32(13.05), f32(1.7)]);
    expect(openedSample(results([2], [row]), row)?.input).toEqual([13.05, 1.7]);
  });

  it("is no link where Try it cannot take it: a sequence, a table too wide to type", () => {
    const plot = { steps: 2, channels: [[1, 2]] };
    const sequence = mistake(1, [], { sequence: plot });
    expect(openedSample(results([1, 2], [sequence]), sequence)).toBeNull();
    const wide = mistake(2, new Array<number>(40).fill(1));
    expect(openedSample(results([40], [wide]), wide)).toBeNull();
  });

  it("gives a 2-D set's model its point, not the features computed from it", () => {
    const boundary = { x_min: 0, x_max: 1, y_min: 0, y_max: 1, size: 2, classes: [0, 0, 0, 0], points: [[0.1, 0.2, 0], [0.3, 0.4, 1]], features: ["x1_squared", "x2", "x1"] as ("x1" | "x2" | "x1_squared")[] };
    const mapped = mistake(1, [0.09, 0.4, 0.3]);
    expect(openedSample(results([3], [mapped], boundary), mapped)?.input).toEqual([0.3, 0.4]);
    const unmapped = mistake(500, [0.25, -1, 0.5]); // past the points the results map: from x1 and x2
    expect(openedSample(results([3], [unmapped], boundary), unmapped)?.input).toEqual([0.5, -1]);
  });
});
