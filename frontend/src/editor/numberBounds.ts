// What a typed number must be, in words, from bounds the server gives (a training setting's, a param's).
import type { NumberBounds, ParamSpec } from "../api/types";

// One formatter for every call: toLocaleString makes a new one each time, tens of µs apiece.
const NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 });
const show = (n: number) => NUMBER.format(n);

/** The numbers a setting takes, as a person reads them: "a whole number from 1 to 1,000". */
export function rangeText(bounds: NumberBounds): string {
  const kind = bounds.integer ? "a whole number" : "a number";
  const { min, max, min_exclusive: above, max_exclusive: below } = bounds;
  if (min != null && max != null && !above && !below) return `${kind} from ${show(min)} to ${show(max)}`;
  const parts = [
    min == null ? null : above ? `above ${show(min)}` : `at least ${show(min)}`,
    max == null ? null : below ? `below ${show(max)}` : `at most ${show(max)}`,
  ].filter((part) => part !== null);
  return parts.length ? `${kind} ${parts.join(", ")}` : kind;
}

/** What is wrong with the typed text, with the range to use; null when it is a number that fits. */
export function numberProblem(text: string, bounds: NumberBounds): string | null {
  const use = `use ${rangeText(bounds)}`;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) return `Enter ${rangeText(bounds)}.`;
  if (bounds.integer && !Number.isInteger(n)) return `${text} is not a whole number; ${use}.`;
  const { min, max, min_exclusive: above, max_exclusive: below } = bounds;
  if (min != null && (above ? n <= min : n < min)) return `${text} is too small; ${use}.`;
  if (max != null && (below ? n >= max : n > max)) return `${text} is too large; ${use}.`;
  return null;
}

/** A catalogue param's range as bounds: its min and max are both allowed, as the server checks them. */
export function paramBounds(spec: ParamSpec): NumberBounds {
  return { integer: spec.kind === "int", min: spec.min, max: spec.max, min_exclusive: false, max_exclusive: false };
}
