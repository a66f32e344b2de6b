// The table of a set's answers as CSV text, for "Download as CSV".
import type { ManyAnswer, ManyItem } from "../../api/types";

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
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
