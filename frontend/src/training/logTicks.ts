// Where a log axis puts its ticks: powers of ten, spaced so their labels never touch. uPlot's own
// put a tick and a grid line at every 1…9 × 10ⁿ, which on a short axis over many decades merged
// into solid bars.

const MULTIPLES = [
  [1, 2, 5],
  [1, 2, 3, 4, 5, 6, 7, 8, 9],
];

/** `m × 10^exponent` written out, so that 10^-7 is 1e-7 and not 1.0000000000000001e-7. */
function tenTo(exponent: number, multiple = 1): number {
  return Number(`${multiple}e${exponent}`);
}

/**
 * The ticks of a log axis from `min` to `max` (both > 0) across `pixels`, at least `gap` pixels
 * apart: every power of ten, or every second, third… one when the decades are packed tight; on
 * an axis spanning less than two powers of ten, 1-2-5 (or 1…9) times them instead, so that
 * the axis still has numbers on it.
 */
export function logTicks(min: number, max: number, pixels: number, gap: number): number[] {
  if (!(min > 0) || !(max > min) || !(pixels > 0)) return [];
  const [low, high] = [Math.log10(min), Math.log10(max)];
  const perDecade = pixels / (high - low);
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const first = Math.ceil(low - 1e-9);
  const last = Math.floor(high + 1e-9);
  if (last - first >= 1) {
    const stride = Math.max(1, Math.ceil(gap / perDecade));
    const powers: number[] = [];
    // Multiples of the stride, so a sparse axis reads 1e-6, 1e-4, 0.01, 1.
    for (let e = Math.ceil(first / stride) * stride; e <= last; e += stride) powers.push(tenTo(e));
    if (powers.length >= 2) return powers;
  }
  // Under two powers of ten in range: 1-2-5 times them, or failing that every 1…9, each kept
  // only when clear of the last one kept.
  for (const multiples of MULTIPLES) {
    const ticks: number[] = [];
    for (let e = Math.floor(low); e <= Math.ceil(high); e++)
      for (const m of multiples) {
        const v = tenTo(e, m);
        const clear = ticks.length === 0 || (Math.log10(v) - Math.log10(ticks.at(-1)!)) * perDecade >= gap;
        if (inRange(v) && clear) ticks.push(v);
      }
    if (ticks.length >= 2 || multiples === MULTIPLES.at(-1)) return ticks;
  }
  return [];
}
