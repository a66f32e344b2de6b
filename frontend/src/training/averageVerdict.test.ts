import { describe, expect, it } from "vitest";
import type { RunResults } from "../api/types";
import { averageGuess } from "./averageVerdict";

type Points = NonNullable<RunResults["regression"]>;
const points = (targets: number[], rmse: number | null = 1): Points => ({ true: targets, predicted: targets.map(() => 0), mae: rmse, rmse, target_scale: null });

describe("averageGuess", () => {
  it("is the validation targets' average, and their spread about it: what always answering it is off by", () => {
    const guess = averageGuess(points([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2.5), 1);
    expect(guess?.rmse).toBe(2.5);
    expect(guess?.average).toBe(5.5);
    expect(guess?.spread).toBeCloseTo(Math.sqrt(8.25), 12); // the mean square about 5.5, not over n - 1
  });

  it("is nothing to weigh against without an error kept, without enough targets, or where they are all alike", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(averageGuess(undefined, 1)).toBeNull(); // a classifier, or results not loaded
    expect(averageGuess(null, 1)).toBeNull();
    expect(averageGuess(points(ten, null), 1)).toBeNull(); // results from before the error was kept
    expect(averageGuess({ true: ten, predicted: ten }, 1)).toBeNull();
    expect(averageGuess(points(ten, Number.NaN), 1)).toBeNull();
    expect(averageGuess(points(ten.slice(0, 9)), 1)).toBeNull();
    expect(averageGuess(points(ten.map(() => 3)), 1)).toBeNull();
  });

  it("weighs a target of several outputs against each one's average, over all of them, where the results keep it", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // From before it was kept: its error is over all of them, its targets the first's alone.
    expect(averageGuess(points(ten, 2.5), 2)).toBeNull();
    expect(averageGuess({ ...points(ten, 2.5), average_rmse: 40 }, 3)).toEqual({ rmse: 2.5, average: null, spread: 40 });
    expect(averageGuess({ ...points(ten, 2.5), average_rmse: 40 }, 0)).toBeNull(); // outputs not known
  });

  it("takes the spread the results kept over the whole validation set, where they kept one", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(averageGuess({ ...points(ten, 2.5), average_rmse: 3 }, 1)).toEqual({ rmse: 2.5, average: 5.5, spread: 3 });
    expect(averageGuess({ ...points(ten, 2.5), average_rmse: 0 }, 1)).toBeNull(); // every target alike
  });
});
