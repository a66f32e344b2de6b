// The loss chart's linear axis follows the usual loss, not a spike: a too-high rate's first steps
// (a loss of 2,000 where the rest is 2.4) pressed the whole curve flat onto the bottom. TensorBoard's
// "ignore outliers in chart scaling" does the same; the log scale still shows every value.

/** A spike is this many times over the usual loss, at least. */
const SPIKE = 4;
/** The axis then stops this far above the usual loss. */
const ROOM = 1.25;
/** Fewer values drawn than this, and nothing is left out: a short run's every point counts. */
const ENOUGH = 10;

type Values = ArrayLike<number | null | undefined>;

/**
 * The top of a loss axis that leaves spikes out, or null where there are none. The usual loss is
 * the higher of the run's first loss (an untrained network's, which a falling curve starts from)
 * and the value nine in ten of those drawn are under; a spike is SPIKE times over it, and the loss
 * came back from it: a loss that is high at the end (a run blowing up) is the story, and is drawn.
 */
export function spikeTop(first: number | null, drawn: Values): number | null {
  const seen = usualLoss(first, drawn);
  if (seen === null) return null;
  const { usual, highest, last } = seen;
  const spiked = usual > 0 && highest > SPIKE * usual && last <= SPIKE * usual;
  return spiked ? ROOM * usual : null;
}

/**
 * Whether a linear axis drawn to the highest value presses the rest flat: it is SPIKE times over
 * the usual loss (as spikeTop reckons it), and spikeTop keeps it, as the run ended that high.
 * A log scale is then the way to read the epochs before it.
 */
export function pressedFlat(first: number | null, drawn: Values): boolean {
  const seen = usualLoss(first, drawn);
  return seen !== null && seen.usual > 0 && seen.highest > SPIKE * seen.usual && spikeTop(first, drawn) === null;
}

/** The usual loss of those drawn, their highest and their last; null for too few to tell. */
function usualLoss(first: number | null, drawn: Values): { usual: number; highest: number; last: number } | null {
  const finite: number[] = [];
  for (let i = 0; i < drawn.length; i++) {
    const value = drawn[i];
    if (value !== null && value !== undefined && Number.isFinite(value)) finite.push(value);
  }
  if (finite.length < ENOUGH) return null;
  const last = finite[finite.length - 1]!;
  finite.sort((a, b) => a - b);
  const usual = Math.max(first !== null && Number.isFinite(first) ? first : 0, finite[Math.floor(0.9 * (finite.length - 1))]!);
  return { usual, highest: finite[finite.length - 1]!, last };
}

/** The highest value drawn, and its x: what a note says ran past the top. */
export function highest(xs: Values, drawn: Values): { x: number; value: number } | null {
  let best: { x: number; value: number } | null = null;
  for (let i = 0; i < drawn.length; i++) {
    const [x, value] = [xs[i], drawn[i]];
    if (value === null || value === undefined || !Number.isFinite(value) || x === null || x === undefined) continue;
    if (best === null || value > best.value) best = { x, value };
  }
  return best;
}

/** A spike's height as a sentence says it: 2,000 rather than the ticks' 2k; 1.8e+26 past a million. */
export function spikeText(value: number): string {
  const rounded = +value.toPrecision(3);
  return rounded < 1e6 ? rounded.toLocaleString("en-US") : rounded.toExponential().replace(/(\.\d*?)0+e/, "$1e");
}
