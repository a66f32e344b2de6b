// A loss or metric as the run's cards and the runs table show it: four decimals, unless that
// would read 0.0000 for a loss that is small but not zero.

const DIGITS = 4;

/** `0.2763`, `12.5000`; `2.53e-7` below 0.0001, where four decimals would show nothing; `—` for none. */
export function metricText(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value !== 0 && Math.abs(value) < 10 ** -DIGITS) return value.toExponential(2);
  return value.toFixed(DIGITS);
}
