import { describe, expect, it } from "vitest";
import { readPasted, sequencePlot, sequenceWords, stepNames } from "./sequenceInput";
import { imageSize, sequenceSize } from "./tryItWords";

describe("which input Try it takes", () => {
  it("takes a 2-D sample as a sequence, never as a picture to draw", () => {
    expect(imageSize([1, 32])).toBeNull(); // the waveforms: a 1 × 32 drawing grid of 0, 0.5 and 1
    expect(sequenceSize([1, 32])).toEqual([1, 32]);
    expect(sequenceSize([3, 500])).toEqual([3, 500]);
  });

  it("draws a grey picture, (1, H, W), and nothing else", () => {
    expect(imageSize([1, 8, 8])).toEqual([8, 8]);
    expect(sequenceSize([1, 8, 8])).toBeNull();
    expect(imageSize([3, 32, 32])).toBeNull();
    expect(imageSize([13])).toBeNull();
    expect(sequenceSize([13])).toBeNull();
  });
});

describe("stepNames", () => {
  it("names one channel's fields by step, and several channels' by channel then step", () => {
    expect(stepNames(1, 3)).toEqual(["step 1", "step 2", "step 3"]);
    expect(stepNames(2, 2)).toEqual(["ch 1 step 1", "ch 1 step 2", "ch 2 step 1", "ch 2 step 2"]);
  });
});

describe("readPasted", () => {
  it("reads numbers with commas, spaces, new lines or semicolons between them, negatives too", () => {
    expect(readPasted("0.5, -1.25\n3e-2;-4  5", 1, 5)).toEqual({ values: [0.5, -1.25, 0.03, -4, 5] });
  });

  it("leaves out a list's brackets and reads a typographic minus", () => {
    expect(readPasted("[[0.1, −0.2], [3, 4]]", 2, 2)).toEqual({ values: [0.1, -0.2, 3, 4] });
  });

  it("says how many numbers it found against how many the model takes, and what they are", () => {
    expect(readPasted("1 2 3", 1, 4)).toEqual({ problem: "That is 3 numbers; the model takes 4: 4 steps." });
    expect(readPasted("1 2", 1, 1500)).toEqual({ problem: "That is 2 numbers; the model takes 1,500: 1,500 steps." });
    expect(readPasted("1", 2, 3)).toEqual({ problem: "That is 1 number; the model takes 6: 2 channels of 3 steps, channel 1's first." });
  });

  it("names the first thing that is not a number, and where it is", () => {
    expect(readPasted("1, 2, abc, 4", 1, 4)).toEqual({
      problem: "“abc” (number 3) is not a number: paste numbers only, with commas, spaces or new lines between them.",
    });
    expect(readPasted("1 1e999", 1, 2)).toEqual({
      problem: "“1e999” (number 2) is too large to be a number the model takes: paste numbers only, with commas, spaces or new lines between them.",
    });
  });

  it("reads NumPy's and torch's printed arrays", () => {
    expect(readPasted("array([0.1, -0.2, 3.])", 1, 3)).toEqual({ values: [0.1, -0.2, 3] });
    expect(readPasted("tensor([[1., 2.]], dtype=torch.float64)", 1, 2)).toEqual({ values: [1, 2] });
    expect(readPasted("tensor([1., -2.], device='cuda:0', requires_grad=True)", 1, 2)).toEqual({ values: [1, -2] });
    expect(readPasted("tensor([0.5, 1e-3], grad_fn=<AddBackward0>)", 1, 2)).toEqual({ values: [0.5, 0.001] });
    expect(readPasted("np.array([3, 4])", 1, 2)).toEqual({ values: [3, 4] });
  });

  it("takes decimal numbers only, not hexadecimal or binary ones", () => {
    expect(readPasted("1 0x10", 1, 2)).toEqual({
      problem: "“0x10” (number 2) is not a number: paste numbers only, with commas, spaces or new lines between them.",
    });
    expect(readPasted("0b11 1", 1, 2)).toMatchObject({ problem: expect.stringContaining("“0b11” (number 1) is not a number") });
    expect(readPasted(".5 +2 1E3", 1, 3)).toEqual({ values: [0.5, 2, 1000] });
  });

  it("asks for numbers when there are none", () => {
    expect(readPasted(" \n, ", 1, 32)).toEqual({ problem: "Paste 32 numbers first, with commas, spaces or new lines between them." });
  });
});

describe("sequencePlot", () => {
  it("draws each channel's steps, channel by channel", () => {
    expect(sequencePlot([1, 2, 3, 4, 5, 6], 2, 3)).toEqual({ steps: 3, channels: [[1, 2, 3], [4, 5, 6]] });
  });

  it("draws at most 4 channels", () => {
    expect(sequencePlot([1, 2, 3, 4, 5, 6], 6, 1).channels).toEqual([[1], [2], [3], [4]]);
  });

  it("draws a long sequence by each stretch's lowest and highest, in the order they come", () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 501 ? 50 : i === 998 ? -50 : 0));
    const plot = sequencePlot(values, 1, 1000);
    expect(plot.steps).toBe(1000);
    expect(plot.channels[0]).toHaveLength(256);
    expect(Math.max(...plot.channels[0]!)).toBe(50); // a spike survives
    expect(Math.min(...plot.channels[0]!)).toBe(-50);
    expect(plot.channels[0]!.slice(-2)).toEqual([0, -50]); // not [-50, 0]: 0 comes first
  });
});

describe("sequenceWords", () => {
  it("says steps for one channel, and channels of steps in their order for more", () => {
    expect(sequenceWords(1, 1)).toBe("1 step");
    expect(sequenceWords(3, 500)).toBe("3 channels of 500 steps, channel 1's first");
    expect(sequenceWords(1, 2000)).toBe("2,000 steps");
  });
});
