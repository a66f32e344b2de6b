import { describe, expect, it } from "vitest";
import { fitSlope, stillFalling } from "./stillFalling";

// A seeded scatter in [-1, 1): the same noise each run.
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
}

// The review's iris run: 125 epochs, its validation loss 1.1 → 0.39, still falling under 1% an epoch.
const iris = Array.from({ length: 125 }, (_, e) => 0.35 + 0.75 * Math.exp(-(e + 1) / 40));

describe("stillFalling", () => {
  it("fits a line's slope, and its scatter", () => {
    expect(fitSlope([3, 2, 1]).slope).toBeCloseTo(-1);
    expect(fitSlope([3, 2, 1]).se).toBeCloseTo(0);
    expect(fitSlope([1, 2]).se).toBe(Infinity);
  });

  it("finds a long run's slow steady fall over its last quarter", () => {
    const fall = stillFalling(iris);
    expect(fall?.epochs).toBe(31);
    expect(fall?.from).toBeCloseTo(0.4215, 3);
    expect(fall?.to).toBeCloseTo(0.3826, 3);
    // With a little scatter on it too (±0.4%).
    const r = noise(7);
    expect(stillFalling(iris.map((v) => v * (1 + 0.004 * r())))).not.toBeNull();
  });

  it("does not call noise about a level loss a fall, nor a fall that levelled off", () => {
    const r = noise(3);
    for (let run = 0; run < 50; run++) expect(stillFalling(Array.from({ length: 60 }, () => 0.5 * (1 + 0.05 * r())))).toBeNull();
    // Fell fast, then flat for its last third.
    expect(stillFalling(Array.from({ length: 30 }, (_, e) => (e < 20 ? 1 - e * 0.03 : 0.43)))).toBeNull();
    expect(stillFalling([1, 0.6, 0.5, 0.5, 0.5])).toBeNull();
    // Fell by a third over its last quarter, all of it in the first half: 0.4 → 0.395 at the end.
    const kinked = [...Array.from({ length: 30 }, (_, e) => 1 - e * 0.013), 0.6, 0.55, 0.5, 0.45, 0.4, 0.399, 0.398, 0.397, 0.396, 0.395];
    expect(stillFalling(kinked)).toBeNull();
    // A fall too small to be worth epochs: 1% over the last quarter.
    expect(stillFalling(Array.from({ length: 40 }, (_, e) => 0.5 - e * 0.0005))).toBeNull();
    // Turned up at its end.
    expect(stillFalling([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.5, 0.55])).toBeNull();
    // Too short to tell, and a loss at or below zero.
    expect(stillFalling([1, 0.8, 0.6, 0.4])).toBeNull();
    expect(stillFalling([1, 0.8, 0.6, 0.4, 0])).toBeNull();
  });
});
