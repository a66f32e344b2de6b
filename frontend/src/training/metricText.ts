// A loss or metric as the run's cards and the runs table show it: four decimals, unless that would
// leave a small loss two digits or none (0.0014, 0.0000): below 0.01 it takes an exponent, as the
// charts' legends and ticks do (formatTick.ts), so a card and the legend beside it read alike.

const DIGITS = 4;
const EXPONENT_BELOW = 0.01;
// From here up four decimals say nothing and the digits run past a card's width: a loss that blew
// up read "31381124301893.8945" (an audit); it reads 3.14e+13.
const EXPONENT_FROM = 1e5;

/** `0.2763`, `12.5000`; `1.45e-3` below 0.01, where four decimals would keep two digits or none,
 * and `3.14e+13` from 100,000 up; `—` for none. */
export function metricText(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const size = Math.abs(value);
  if ((value !== 0 && size < EXPONENT_BELOW) || size >= EXPONENT_FROM) return value.toExponential(2);
  return value.toFixed(DIGITS);
}

/** An accuracy (a share, 0 to 1) as a percentage with one decimal, `97.8%`; `—` for none. */
export const accuracyText = (share: number | null | undefined): string => (share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`);
