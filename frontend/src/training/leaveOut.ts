// Which columns of a CSV the upload form ticks to leave out before anything is sent, read from
// its first rows in the browser: an ID by its name or by values that count up, and text, which no
// feature can be. The columns with no name are the server's to judge (csv_nameless.py): they are
// said here, as it will judge them.
import { csvRecords, headerSeparator } from "./csvHeader";
import { guessTarget } from "./uploadForm";

/** How much of a file the form reads: the header, and the rows that fit. */
export const READ_BYTES = 64 * 1024;

export interface CsvStart {
  /** Each header cell, trimmed: "" for a column with no name. */
  cells: string[];
  /** The first data rows, each cell trimmed; a row cut by the end of the read is left out. */
  rows: string[][];
  separator: "," | ";";
}

/** A CSV's header and first rows, from its text; `cut` when the text stops inside the file. */
export function csvStart(text: string, cut: boolean): CsvStart {
  const body = text.replace(/^\uFEFF/, "");
  const separator = headerSeparator(body);
  const records = csvRecords(body, separator).map((record) => record.map((cell) => cell.trim()));
  const [cells = [], ...rows] = records;
  return { cells, rows: cut ? rows.slice(0, -1) : rows, separator };
}

export async function readCsvStart(file: File): Promise<CsvStart> {
  return csvStart(await file.slice(0, READ_BYTES).text(), file.size > READ_BYTES);
}

/** The header's names, those with no name left out (the Target list and Leave out offer these). */
export const namedColumns = (start: CsvStart): string[] => start.cells.filter(Boolean);

// id, ID, Index, Unnamed: 0 (pandas' index read back and saved again), customer_id, row-id,
// customerId, userID; never "paid" or "valid". The server names the same in an upload's
// description when they are read as features (looks_like_id in csv_columns.py).
const ID_NAMES = /^(id|idx|index|uuid|guid|row|unnamed: ?\d+)$|[_ .-]id$/i;
const CAMEL_ID = /[a-z](Id|ID)$/;
const MISSING = new Set(["", "na", "n/a", "nan", "null", "none", "-", "?"]);

/** A cell that says it has no value, as the server reads one (csv_nameless.is_missing): -NaN too. */
const isMissing = (cell: string) => MISSING.has(cell.toLowerCase()) || cell.toLowerCase().replace(/^[+-]+/, "") === "nan";

function asNumber(cell: string, separator: "," | ";"): number | null {
  const written = separator === ";" && /^[+-]?\d*,\d+([eE][+-]?\d+)?$/.test(cell) ? cell.replace(",", ".") : cell;
  const number = Number(written);
  return written !== "" && Number.isFinite(number) ? number : null;
}

function values(start: CsvStart, column: number): string[] {
  return start.rows.map((row) => row[column] ?? "");
}

/** Whole numbers, each greater than the one before (five at least, fewer tell too little): row numbers. */
function countsUp(cells: string[], separator: "," | ";"): boolean {
  const numbers = cells.map((cell) => asNumber(cell, separator));
  return (
    numbers.length >= 5 &&
    numbers.every((n, i) => n !== null && Number.isInteger(n) && (i === 0 || n > (numbers[i - 1] ?? Infinity)))
  );
}

/** Why a column looks like an ID, by its name or by values that count up, or null. */
function idReason(start: CsvStart, column: number): string | null {
  const name = start.cells[column] ?? "";
  if (ID_NAMES.test(name) || CAMEL_ID.test(name)) return "its name says it is an ID";
  const cells = values(start, column);
  return countsUp(cells, start.separator) ? `it counts up (${cells.slice(0, 3).join(", ")}, …), as row numbers do` : null;
}

/** Why a column cannot be a feature, as the server will refuse it (text), or null. */
function textReason(start: CsvStart, column: number): string | null {
  const cells = values(start, column);
  const text = cells.find((cell) => !isMissing(cell) && asNumber(cell, start.separator) === null);
  if (text !== undefined) return `it holds text ('${text.length > 20 ? `${text.slice(0, 20)}…` : text}'), and a feature must be a number`;
  return null;
}

/** Why a column is best left out, or null: an ID, or text. */
export function leaveOutReason(start: CsvStart, column: number): string | null {
  return idReason(start, column) ?? textReason(start, column);
}

/** Each named column that holds text, and why: it may be the target, never a feature. */
export function textColumns(start: CsvStart): Map<string, string> {
  const texts = new Map<string, string>();
  start.cells.forEach((name, column) => {
    const reason = name ? textReason(start, column) : null;
    if (reason) texts.set(name, reason);
  });
  return texts;
}

/** Each named column with a missing value in the first rows: the server refuses those rows (of
 * the columns it reads) unless it is asked to leave them out. */
export function missingColumns(start: CsvStart): Set<string> {
  const found = new Set<string>();
  for (const row of start.rows) row.forEach((cell, column) => start.cells[column] && isMissing(cell) && found.add(start.cells[column]));
  return found;
}

/** Why the server will refuse the upload as the columns are ticked, or null: every feature left
 * out, or a column of text left in as a feature. */
export function leaveOutProblem(columns: string[], target: string, drop: string[], texts: ReadonlyMap<string, string>): string | null {
  const features = columns.filter((column) => column !== target && !drop.includes(column));
  if (columns.some((column) => column !== target) && features.length === 0) return `every column but the target \`${target}\` is ticked; untick one to learn from.`;
  const refused = features.filter((column) => texts.has(column));
  if (refused.length === 0) return null;
  const names = refused.map((column) => `\`${column}\``).join(", ");
  return refused.length === 1
    ? `${names} holds text, and a feature must be a number: tick it to leave it out, or choose it as the target.`
    : `${names} hold text, and a feature must be a number: tick them to leave them out, or choose one as the target.`;
}

/** Each named column the form ticks at first, and why: every one but the target. */
export function suggestLeaveOut(start: CsvStart, target: string): Map<string, string> {
  const ticked = new Map<string, string>();
  start.cells.forEach((name, column) => {
    const reason = name && name !== target ? leaveOutReason(start, column) : null;
    if (reason) ticked.set(name, reason);
  });
  return ticked;
}

/** What the server will do with each column that has no name, as csv_nameless.py judges it. */
export function namelessNotes(start: CsvStart): string[] {
  const notes: string[] = [];
  start.cells.forEach((name, column) => {
    if (name) return;
    const cells = values(start, column);
    const held = cells.find((cell) => !isMissing(cell));
    const numbers = cells.map((cell) => asNumber(cell, start.separator));
    const index = column === 0 && numbers.every((n) => n !== null && Number.isInteger(n)) && new Set(numbers).size === numbers.length;
    if (held === undefined) notes.push(`Column ${column + 1} has no name and is empty: it is left out.`);
    else if (index) notes.push(`Column ${column + 1} has no name and numbers the rows: it is left out as an index.`);
    else notes.push(`Column ${column + 1} has no name but holds '${held}': give it a name in the file, or the upload is refused.`);
  });
  return notes;
}

/** The column to predict: guessTarget's, among the columns that are no ID. */
export function guessCsvTarget(start: CsvStart): string {
  const columns = namedColumns(start);
  const candidates = columns.filter((name) => idReason(start, start.cells.indexOf(name)) === null);
  return guessTarget(candidates.length > 0 ? candidates : columns);
}
