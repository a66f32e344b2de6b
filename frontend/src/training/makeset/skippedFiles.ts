// The files chosen for each class that this browser could not read as pictures: each class keeps
// its own, said on its card, until the class goes or the person dismisses the note.

/** Class id -> the names of its skipped files, in the order they were chosen. */
export type SkippedFiles = ReadonlyMap<number, readonly string[]>;

/** The class's skipped files with `names` added; every other class's kept as they were. */
export function withSkipped(skipped: SkippedFiles, classId: number, names: readonly string[]): SkippedFiles {
  if (names.length === 0) return skipped;
  const next = new Map(skipped);
  next.set(classId, [...new Set([...(skipped.get(classId) ?? []), ...names])]);
  return next;
}

/** The skipped files without a class's: it was removed, or its note dismissed. */
export function withoutClass(skipped: SkippedFiles, classId: number): SkippedFiles {
  if (!skipped.has(classId)) return skipped;
  const next = new Map(skipped);
  next.delete(classId);
  return next;
}

/** "`a.png` is not a picture this browser can read: skipped.", its names backticked for CodeText. */
export function skippedNote(names: readonly string[]): string {
  const listed = names.map((name) => `\`${name}\``).join(", ");
  return `${listed} ${names.length === 1 ? "is not a picture" : "are not pictures"} this browser can read: skipped.`;
}
