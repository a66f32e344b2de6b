import { describe, expect, it } from "vitest";
import { highest, pressedFlat, spikeText, spikeTop } from "./spikes";

const flat = (n: number, value: number) => Array.from({ length: n }, () => value);

describe("a loss axis that leaves out spikes", () => {
  it("stops above the usual loss when an early spike is far over it", () => {
    // lr 0.5: 2.3, a spike to 2,000, then 2.4 for the rest of the run
    const drawn = [2.3, 40, 2000, 300, ...flat(100, 2.4)];
    expect(spikeTop(2.3, drawn)).toBeCloseTo(1.25 * 2.4);
    expect(highest(drawn.map((_, i) => i + 1), drawn)).toEqual({ x: 3, value: 2000 });
  });

  it("keeps a falling curve's start, however far it falls", () => {
    const falling = Array.from({ length: 200 }, (_, i) => 2.3 * Math.exp(-i / 5) + 0.01);
    expect(spikeTop(2.31, falling)).toBeNull();
    // a regression's unscaled start of 1,000: the start, not a spike
    expect(spikeTop(1000, [1000, 500, 100, ...flat(100, 1)])).toBeNull();
  });

  it("keeps a loss that climbs: a trend, not a spike", () => {
    const climbing = Array.from({ length: 100 }, (_, i) => 2.3 + i);
    expect(spikeTop(2.3, climbing)).toBeNull();
  });

  it("keeps a loss that blows up at the end, as a diverging run's does", () => {
    expect(spikeTop(0.7, [...flat(100, 0.7), 2e3, 4e9, 1.8e26, null])).toBeNull();
    expect(spikeTop(0.7, [...flat(100, 0.7), 2e3, 4e9, 0.7])).toBeCloseTo(1.25 * 0.7); // it came back
  });

  it("leaves a short run, and values that are not numbers, alone", () => {
    expect(spikeTop(2.3, [2.3, 2000, 2.4])).toBeNull();
    expect(spikeTop(null, [null, Number.NaN, ...flat(20, 1), 50, 1])).toBeCloseTo(1.25);
    expect(spikeTop(null, flat(20, 0))).toBeNull();
    expect(highest([1, 2], [null, null])).toBeNull();
  });
});

describe("a spike's height in words", () => {
  it("reads as a number, not a tick", () => {
    expect(spikeText(2000)).toBe("2,000");
    expect(spikeText(12.345)).toBe("12.3");
    expect(spikeText(123456)).toBe("123,000");
    expect(spikeText(1.8e26)).toBe("1.8e+26");
  });
});

describe("a loss that ended far over the usual loss", () => {
  it("presses the rest flat on a linear axis: the log scale is the way to read them", () => {
    // Adam at lr 5 from epoch 151: 150 epochs near 0.1, then 200,000, and it stays high.
    const train = [...Array.from({ length: 150 }, (_, i) => 1 - i / 160), 200_000, 5_000, ...flat(8, 3_000)];
    const val = [...Array.from({ length: 150 }, (_, i) => 1 - i / 160), 90_000, 2_000, ...flat(8, 234)];
    expect(spikeTop(1.1, [...train, ...val])).toBeNull(); // drawn whole: the blow-up is the story
    expect(pressedFlat(1.1, [...train, ...val])).toBe(true);
  });

  it("is not said of a spike the axis leaves out, nor of a falling curve", () => {
    expect(pressedFlat(2.3, [2.3, 40, 2000, 300, ...flat(100, 2.4)])).toBe(false);
    expect(pressedFlat(2.31, Array.from({ length: 200 }, (_, i) => 2.3 * Math.exp(-i / 5) + 0.01))).toBe(false);
    expect(pressedFlat(null, flat(5, 1))).toBe(false);
  });
});
