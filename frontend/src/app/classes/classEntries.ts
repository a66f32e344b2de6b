// The rows of a teacher's class page: how each run's result reads, and the table's order.
import type { ClassEntry } from "../../api/types";

export type EntrySort = "student" | "result" | "handed";

/** "92.3%" for a classifier, "loss 0.214" for regression, "—" before its first epoch ends. */
export function resultText(entry: ClassEntry): string {
  if (entry.val_accuracy != null) return `${(entry.val_accuracy * 100).toFixed(1)}%`;
  if (entry.val_loss != null) return `loss ${entry.val_loss.toPrecision(3)}`;
  return "—";
}

/** Better first: the highest accuracy, else the lowest loss; runs with no result yet last. */
function resultOrder(a: ClassEntry, b: ClassEntry): number {
  const key = (e: ClassEntry) => (e.val_accuracy != null ? -e.val_accuracy : e.val_loss != null ? e.val_loss : Infinity);
  return key(a) - key(b) || a.handed_at - b.handed_at;
}

export function sortEntries(entries: ClassEntry[], sort: EntrySort): ClassEntry[] {
  const sorted = [...entries];
  if (sort === "result") sorted.sort(resultOrder);
  else if (sort === "student") sorted.sort((a, b) => a.student_name.localeCompare(b.student_name) || a.handed_at - b.handed_at);
  else sorted.sort((a, b) => a.handed_at - b.handed_at);
  return sorted;
}

/** "3 of 10": the epochs it has trained of those it was set to. */
export function epochText(entry: ClassEntry): string {
  return `${entry.epoch} of ${entry.epochs}`;
}

/** The result column's heading, naming what its numbers are: the validation accuracy of a class of
 * classifiers, the validation loss of regressions, both where the class holds each ("Result" left a
 * teacher to guess). */
export function resultHeading(entries: ClassEntry[]): string {
  const accuracy = entries.some((e) => e.val_accuracy != null);
  const loss = entries.some((e) => e.val_accuracy == null && e.val_loss != null);
  return accuracy && loss ? "Validation accuracy or loss" : loss ? "Validation loss" : "Validation accuracy";
}
