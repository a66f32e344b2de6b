// A regression's answer as Try it shows it and a screen reader says it.

const GROUPED = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 5 });

/** A predicted value to five significant digits, its thousands grouped (200,250, not 200250), with
 * an exponent where grouping would run long or a small value lose its digits (5.0908e+10, 1.2e-7). */
export function valueText(value: number): string {
  const size = Math.abs(value);
  if (size === 0) return "0"; // -0 too
  if (!Number.isFinite(value) || (size >= 1e-4 && size < 1e9)) return GROUPED.format(value);
  const [mantissa, exponent] = value.toExponential(4).split("e");
  return `${Number(mantissa)}e${exponent}`;
}

/** What is predicted: the target column by its name where there is one value and the dataset names
 * it ("price"), else "value" or "values". */
export function predictedWhat(count: number, target: string | null | undefined): string {
  if (count > 1) return "values";
  return target || "value";
}
