// Where a linear axis from `low` to `high` puts its ticks: round numbers (1, 2 or 5 × 10ⁿ apart).

/** About `count` ticks, at most one more, all inside [low, high]; [] for an empty or odd range. */
export function roundTicks(low: number, high: number, count: number): number[] {
  const span = high - low;
  if (!(span > 0) || !Number.isFinite(span) || count < 1) return [];
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fits = (s: number) => Math.floor(high / s) - Math.ceil(low / s) + 1 <= count + 1;
  const step = [1, 2, 5, 10].map((m) => m * power).find(fits) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}
