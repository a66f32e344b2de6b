// Numbers short enough for a chart's ticks and legend, at every magnitude.

const UNITS = ["", "k", "M", "G", "T"];
const SIGNIFICANT = 3;

/** `1.20e+26` → `1.2e+26`: the digits that say something, and no more. */
function exponential(v: number): string {
  const [mantissa, exponent] = v.toExponential(SIGNIFICANT - 1).split("e");
  return `${+mantissa!}e${exponent}`;
}

/** Short tick labels: 0.5, 12, 1.2k, 3.4M, 2.1e+26, 3e-4; three significant digits at most. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const rounded = +v.toPrecision(SIGNIFICANT); // 999,999 rounds to 1M, not 1000k
  const abs = Math.abs(rounded);
  if (abs < 0.01) return exponential(v);
  if (abs < 1000) return String(rounded);
  const unit = Math.floor(Math.log10(abs) / 3);
  if (unit >= UNITS.length) return exponential(v);
  return `${+(rounded / 1000 ** unit).toPrecision(SIGNIFICANT)}${UNITS[unit]}`;
}

/** A log axis's labels in one notation: 0.1, 0.01 beside 1e-3 (and 10G beside 1e+15) read as two
 * scales, so once any tick needs an exponent, every tick on its side of 1 takes one. */
export function logAxisLabels(values: (number | null)[]): string[] {
  const shown = values.filter((v): v is number => v !== null && v > 0);
  const small = shown.some((v) => Math.abs(+v.toPrecision(SIGNIFICANT)) < 0.01);
  const big = shown.some((v) => Math.floor(Math.log10(v) / 3) >= UNITS.length);
  return values.map((v) => {
    if (v === null) return "";
    return (small && v < 1) || (big && v >= 1000) ? exponential(v) : formatTick(v);
  });
}
