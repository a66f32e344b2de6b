// The misclassified samples' caption: how many of all the validation set's mistakes are shown.

/** "Misclassified samples (24 of 38 shown)": the confusion matrix counts them all, off its diagonal. */
export function misclassifiedCaption(shown: number, confusion: number[][] | null): string {
  const wrong = confusion?.reduce((total, row, i) => total + row.reduce((a, b) => a + b, 0) - (row[i] ?? 0), 0) ?? shown;
  if (wrong === 0) return "Misclassified samples";
  return `Misclassified samples (${shown < wrong ? `${shown} of ${wrong} shown` : `all ${wrong}`})`;
}
