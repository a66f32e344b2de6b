// The misclassified samples' caption: how many of all the validation set's mistakes are shown, or
// of one confusion, a cell of the matrix, when one is chosen.

/** A cell of the confusion matrix: the true class's row, the predicted class's column. */
export type Cell = [number, number];

/** "Misclassified samples (24 of 38 shown)": the confusion matrix counts them all, off its diagonal;
 * of a `cell`, "Misclassified: true “8”, predicted “1” (3 of 5 shown)". */
export function misclassifiedCaption(shown: number, confusion: number[][] | null, cell: Cell | null = null, classes: string[] = []): string {
  if (cell) {
    const [i, j] = cell;
    const wrong = confusion?.[i]?.[j] ?? shown;
    return `Misclassified: true “${classes[i]}”, predicted “${classes[j]}” (${shown < wrong ? `${shown} of ${wrong} shown` : `all ${wrong}`})`;
  }
  const wrong = confusion?.reduce((total, row, i) => total + row.reduce((a, b) => a + b, 0) - (row[i] ?? 0), 0) ?? shown;
  if (wrong === 0) return "Misclassified samples";
  return `Misclassified samples (${shown < wrong ? `${shown} of ${wrong} shown` : `all ${wrong}`})`;
}
