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
 * apart: every power of ten, or every second, third… one when the decades are packed tight. An
 * axis with fewer than three powers of ten in range takes 1-2-5 (or 1…9) times them where they
 * all have room, so that it still has numbers enough on it.
 */
export function logTicks(min: number, max: number, pixels: number, gap: number): number[] {
  if (!(min > 0) || !(max > min) || !(pixels > 0)) return [];
  const [low, high] = [Math.log10(min), Math.log10(max)];
  const perDecade = pixels / (high - low);
  const stride = Math.max(1, Math.ceil(gap / perDecade));
  const powers: number[] = [];
  // Multiples of the stride, so a sparse axis reads 1e-6, 1e-4, 0.01, 1.
  for (let e = Math.ceil((low - 1e-9) / stride) * stride; e <= high + 1e-9; e += stride) powers.push(tenTo(e));
  if (powers.length >= 3) return powers;
  const clear = (ticks: number[]) => ticks.every((v, i) => i === 0 || (Math.log10(v) - Math.log10(ticks[i - 1]!)) * perDecade >= gap);
  const candidates = MULTIPLES.map((multiples) => {
    const ticks: number[] = [];
    for (let e = Math.floor(low); e <= Math.ceil(high); e++)
      for (const m of multiples) if (tenTo(e, m) >= min * (1 - 1e-9) && tenTo(e, m) <= max * (1 + 1e-9)) ticks.push(tenTo(e, m));
    return ticks;
  });
  const roomy = candidates.find((ticks) => ticks.length > powers.length && clear(ticks));
  if (roomy) return roomy;
  if (powers.length >= 2) return powers;
  // Not even two powers of ten, nor room for every 1…9: those 1…9 that stand clear of the last kept.
  const kept: number[] = [];
  for (const v of candidates.at(-1)!) if (kept.length === 0 || clear([kept.at(-1)!, v])) kept.push(v);
  return kept;
}
