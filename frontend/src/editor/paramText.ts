// Text in a param's input, to a value for the design JSON and back.
import type { ParamSpec, ParamValue } from "../api/types";

/** A param value read from a design or the catalogue, if it is one the editor can show. */
export function asParamValue(value: unknown): ParamValue | undefined {
  if (value === null || typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return value as number[];
  return undefined;
}

export function toText(value: ParamValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/** The numbers of "3,5", "[3, 5]" or "(3, 5)" as typed, each part trimmed (brackets as in the
 * server's messages, and Python's, are welcome). */
function parts(text: string): string[] {
  const bare = /^\[(.*)\]$|^\((.*)\)$/.exec(text);
  const inside = bare ? (bare[1] ?? bare[2] ?? "") : text;
  return inside.split(",").map((p) => p.trim());
}

/** What a layer's field holds when its text does not parse, for the server to name the problem
 * on the layer ("out_channels must be a whole number…, got 2.5"): the number or the numbers typed
 * where they are numbers, else the text itself. The design never keeps an older value unseen. */
export function asTyped(text: string): ParamValue {
  const trimmed = text.trim();
  const typed = parts(trimmed);
  const numbers = typed.map(Number);
  // An empty part ("3," on the way to "3,5") is no 0: Number("") would make it one.
  if (typed.every((p) => p !== "") && numbers.every(Number.isFinite)) return numbers.length === 1 ? numbers[0]! : numbers;
  return trimmed;
}

/** The value typed, or an error saying what is accepted. Empty text means "use the default". */
export function parseParam(spec: ParamSpec, text: string): { value: ParamValue | undefined } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { value: undefined };
  switch (spec.kind) {
    case "int": {
      const n = Number(trimmed);
      return Number.isInteger(n) ? { value: n } : { error: "a whole number" };
    }
    case "float": {
      const n = Number(trimmed);
      return Number.isFinite(n) ? { value: n } : { error: "a number" };
    }
    case "int_or_pair": {
      const typed = parts(trimmed);
      const numbers = typed.map(Number);
      if (typed.length > 2 || typed.some((p) => p === "") || !numbers.every(Number.isInteger))
        return { error: "a whole number like 3, or a pair like 3,5" };
      return { value: numbers.length === 1 ? numbers[0]! : numbers };
    }
    case "int_list": {
      const typed = parts(trimmed);
      const numbers = typed.map(Number);
      if (typed.length > 4 || typed.some((p) => p === "") || !numbers.every(Number.isInteger))
        return { error: "1 to 4 whole numbers separated by commas, like 16,4,4" };
      return { value: numbers };
    }
    default:
      return { value: trimmed };
  }
}
