// A misclassified validation sample opened in the model page's Try it: its address
// (/models/<id>#sample=<index>), and the values Try it is given for it, as if drawn or typed.
import type { RunResults } from "../../api/types";

type Mistake = RunResults["misclassified"][number];

/** Most values Try it takes as typed fields (TryIt: a larger table goes to Classify many). */
export const MOST_TYPED = 32;

/** A mistake as Try it takes it: which validation sample, its values, and what the run said of it. */
export interface OpenedSample {
  index: number;
  input: number[];
  true: string;
  predicted: string;
}

/** A sample's value as a person types it: the shortest number that is the same float32 (the model
 * takes float32s: 13.05, not the 13.050000190734863 a float32 reads as in JSON), or else its first 7
 * figures, what a float32 holds (0.32, not 0.32000002). A value no float32 holds is a table's, in
 * its own units, read and scaled back in float64 (a unix time 1000000017, which as a float32 is
 * 1e9): the shortest number within a few float64 steps of it (13.05, not 13.050000000000001). */
export function shortFloat32(value: number): number {
  if (Math.fround(value) !== value) return shortFloat64(value);
  const single = Math.fround(value);
  for (let digits = 1; digits <= 7; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === single) return short;
  }
  return Number(value.toPrecision(7));
}

function shortFloat64(value: number): number {
  for (let digits = 1; digits <= 17; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.abs(short - value) <= 4 * Number.EPSILON * Math.abs(value)) return short;
  }
  return value;
}

/** "#sample=12": the fragment that opens validation sample 12 on a model page. */
export const sampleFragment = (index: number) => `#sample=${index}`;

/** The validation sample a model page's fragment asks for: "#sample=12" → 12; null for any other. */
export function sampleOfFragment(hash: string): number | null {
  const match = /^#sample=(\d{1,9})$/.exec(hash);
  return match ? Number(match[1]) : null;
}

/** A 2-D set's point (x1, x2) for a mistake: the model takes a point, its features computed from
 * it. From the validation points the results map (the first of the set), else from the features
 * x1 and x2 where the run's features include them. */
function planePoint(results: RunResults, mistake: Mistake): number[] | null {
  const point = results.boundary?.points[mistake.index];
  if (point) return point.slice(0, 2);
  const features = results.boundary?.features ?? ["x1", "x2"];
  const [x1, x2] = [features.indexOf("x1"), features.indexOf("x2")].map((i) => mistake.sample[i]);
  return x1 !== undefined && x2 !== undefined ? [x1, x2] : null;
}

/** Whether Try it shows a sample of this shape: a picture ((1|3, H, W)), a sequence ((C, L):
 * its values are typed or pasted), or a table of at most MOST_TYPED values. */
function triable(shape: number[]): boolean {
  const picture = (shape.length === 3 && (shape[0] === 1 || shape[0] === 3)) || shape.length === 2;
  return picture || shape.reduce((a, b) => a * b, 1) <= MOST_TYPED;
}

/** The mistake as Try it takes it; null where it cannot (a sequence, kept only as a plot; a
 * table too wide to type). */
export function openedSample(results: RunResults, mistake: Mistake): OpenedSample | null {
  if (mistake.sequence || mistake.sample.length === 0) return null;
  // A decision boundary maps 2-D points: a 2-D set's (its features computed from them), or 2 values.
  const input = results.boundary ? planePoint(results, mistake) : triable(results.sample_shape) ? mistake.sample : null;
  return input && { index: mistake.index, input: input.map(shortFloat32), true: mistake.true, predicted: mistake.predicted };
}
