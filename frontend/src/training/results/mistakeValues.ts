// A misclassified sample of a table as words: each value after its column's name ("age = 19"),
// the first few of them, and how many more it has.

/** How many of a sample's values a mistake's card shows. */
export const VALUES_SHOWN = 6;

/** 19, 9180.38, 0.5, 0.00012: a whole number whole, else two decimals, or two figures when tiny. */
export function valueText(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 0.01 ? String(Number(value.toFixed(2))) : value.toPrecision(2);
}

export interface SampleValues {
  /** "age = 19" where the value has a name, "19" where it has none. */
  shown: string[];
  /** How many values are not shown. */
  more: number;
  /** Whether the values have names (each then reads best on a line of its own). */
  named: boolean;
}

/** A sample's first values, each named where `names` (one per value) names it. */
export function sampleValues(sample: number[], names: string[] | null): SampleValues {
  const named = names !== null && names.length === sample.length ? names : null;
  const shown = sample.slice(0, VALUES_SHOWN).map((value, i) => (named?.[i] ? `${named[i]}\u00a0=\u00a0${valueText(value)}` : valueText(value)));
  return { shown, more: Math.max(0, sample.length - VALUES_SHOWN), named: named !== null };
}
