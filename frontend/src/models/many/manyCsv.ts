// The table of a set's answers as CSV text, for "Download as CSV".
import type { ManyAnswer, ManyItem } from "../../api/types";

/** Text a spreadsheet would take for a formula (=, +, -, @, a tab or a return first, after any
 * spaces): a model's class names are its owner's words, and a shared model's CSV is its visitor's
 * (a teacher's, grading a hand-in). Numbers, and a row of them, are left as they are. */
const FORMULA = /^\s*[=+\-@\t\r]/;
const NUMBERS = /^-?\d+(\.\d+)?(e[-+]?\d+)?( -?\d+(\.\d+)?(e[-+]?\d+)?)*$/i;

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA.test(text) && !NUMBERS.test(text)) text = `'${text}`; // read as text
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function classRow(item: ManyItem): (string | number | boolean | null)[] {
  const top = item.top ?? [];
  const chances = [0, 1, 2].flatMap((i) => [top[i]?.name ?? null, top[i]?.probability ?? null]);
  return [item.name, item.label, ...chances, item.correct, item.problem];
}

function valueRow(item: ManyItem): (string | number | boolean | null)[] {
  return [item.name, item.value, (item.values ?? []).join(" "), item.problem];
}

/** One line per item, in the answer's order, under a header whose first column is named as the
 * CSV's ID column that named the items (`passenger_id`), else `item`. */
export function manyCsv(answer: ManyAnswer): string {
  const classes = answer.classes !== null;
  const first = answer.id_column ?? "item";
  const header = classes
    ? [first, "label", "class_1", "probability_1", "class_2", "probability_2", "class_3", "probability_3", "correct", "problem"]
    : [first, "true_value", "predicted", "problem"];
  const rows = answer.items.map((item) => (classes ? classRow(item) : valueRow(item)));
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
}
