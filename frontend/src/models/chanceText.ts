// A class's chance in words, where a runner-up of a sure answer must read apart from the next.

/** A class's chance as a percentage: one decimal from 0.1 % up; two significant figures under
 * it ("0.0031%"), so that a runner-up reads apart from the next; "<0.0001%" past that, and "0%". */
export function chanceText(probability: number): string {
  const percent = probability * 100;
  if (percent >= 0.1 || percent <= 0) return `${percent <= 0 ? 0 : percent.toFixed(1)}%`;
  if (percent < 1e-4) return "<0.0001%";
  return `${Number(percent.toPrecision(2)).toFixed(Math.max(0, 1 - Math.floor(Math.log10(percent))))}%`;
}
