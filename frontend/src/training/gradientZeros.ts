// Gradient norms of exactly 0 (gradients that died), and update-to-weight ratios of 0 (weights that
// no longer move), which a log axis cannot draw: where they were, so that the charts' legends say 0
// and the heatmap paints them, rather than "no data" or the last value above 0.
import type { RunTally } from "./events";

/** log10 of a norm of 0: a heatmap cell whose frames all had a norm of 0. */
export const ZERO_CELL = Number.NEGATIVE_INFINITY;

/** Whether layer `layer`'s norm was 0 at progress frame `frame`, or at the latest frame when null. */
export function normIsZero(tally: RunTally, layer: number, frame: number | null): boolean {
  const zeros = tally.gradZeros[layer];
  return zeros?.[frame ?? zeros.length - 1] === true;
}

/** Whether layer `layer`'s update ratio was 0 at look `look`, or at its latest look when null. */
export function ratioIsZero(tally: RunTally, layer: string, look: number | null): boolean {
  const zeros = tally.ratioZeros[layer];
  return zeros?.[look ?? zeros.length - 1] === true;
}

/** Whether any norm was 0. */
export function anyNormZero(tally: RunTally): boolean {
  return tally.gradZeros.some((zeros) => zeros.includes(true));
}

/**
 * Columns of log10 norms, at most `maxColumns`, each the mean over a run of frames so that a long run
 * still fits: the mean of its non-zero norms, ZERO_CELL where all it had were 0, null where it had none.
 */
export function heatmapColumns(tally: RunTally, maxColumns: number): { cells: (number | null)[][]; count: number } {
  const frames = tally.steps.length;
  const count = Math.min(frames, maxColumns);
  const cells = tally.gradNorms.map((norms, layer) =>
    Array.from({ length: count }, (_, c) => {
      let [sum, n, zero] = [0, 0, false];
      for (let i = Math.floor((c * frames) / count); i < Math.floor(((c + 1) * frames) / count); i++) {
        const norm = norms[i];
        if (norm !== null && norm !== undefined) (sum += Math.log10(norm)), (n += 1);
        else zero ||= tally.gradZeros[layer]?.[i] === true;
      }
      return n ? sum / n : zero ? ZERO_CELL : null;
    }),
  );
  return { cells, count };
}
