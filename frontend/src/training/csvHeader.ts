// A CSV's column names, read from its first record as the server's reader (Python's csv module)
// reads it: RFC 4180 quoting, so "weight, kg" is one name and "" inside quotes is one quote.

/** The cells of the CSV's first record (it may run over lines inside quotes), untrimmed. */
export function headerCells(text: string, delimiter = ","): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false; // inside a quoted part of the cell
  let fresh = true; // at the start of a cell, where a quote opens a quoted cell
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') {
        cell += char;
      } else if (text[i + 1] === '"') {
        cell += '"'; // "" is one quote
        i++;
      } else {
        quoted = false;
      }
    } else if (char === '"' && fresh) {
      quoted = true;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = "";
      fresh = true;
      continue;
    } else if (char === "\n" || char === "\r") {
      break;
    } else {
      cell += char;
    }
    fresh = false;
  }
  cells.push(cell);
  return cells;
}

/** The column names a CSV's header gives: trimmed, and those with no name left out. */
export function headerNames(text: string): string[] {
  return headerCells(text.replace(/^\uFEFF/, ""))
    .map((name) => name.trim())
    .filter(Boolean);
}
