// A CSV's column names, read from its first record as the server's reader (Python's csv module)
// reads it: RFC 4180 quoting, so "weight, kg" is one name and "" inside quotes is one quote;
// values separated by semicolons where the header has more of them than commas (csv_dialect.py).

/** ";" when the header line has more semicolons than commas outside quotes, else ",". */
export function headerSeparator(text: string): "," | ";" {
  const counts = { ",": 0, ";": 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if ((char === "\n" || char === "\r") && !quoted) break;
    else if ((char === "," || char === ";") && !quoted) counts[char]++;
  }
  return counts[";"] > counts[","] ? ";" : ",";
}

/** The cells of the CSV's first record (it may run over lines inside quotes), untrimmed. */
export function headerCells(text: string, delimiter = ","): string[] {
  return csvRecords(text, delimiter, 1)[0] ?? [""];
}

/** The CSV's first `limit` records, each its cells untrimmed; blank lines are left out, as the
 * server's readers skip them. */
export function csvRecords(text: string, delimiter = ",", limit = Infinity): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false; // inside a quoted part of the cell
  let fresh = true; // at the start of a cell, where a quote opens a quoted cell
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== "") || records.length === 0) records.push(cells);
    cells = [];
    cell = "";
    fresh = true;
  };
  for (let i = 0; i < text.length && records.length < limit; i++) {
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
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      continue;
    } else {
      cell += char;
    }
    fresh = false;
  }
  if (records.length < limit && (cell !== "" || cells.length > 0 || records.length === 0)) endRecord();
  return records;
}

/** The column names a CSV's header gives: trimmed, and those with no name left out. */
export function headerNames(text: string): string[] {
  const header = text.replace(/^\uFEFF/, "");
  return headerCells(header, headerSeparator(header))
    .map((name) => name.trim())
    .filter(Boolean);
}
