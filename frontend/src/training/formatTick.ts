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
