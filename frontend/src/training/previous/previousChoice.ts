// Which earlier run a run's page compares with, and whether it shows it, as its owner last chose
// on that page: kept in this browser (localStorage), so a reload shows what they chose.

const KEY = "torchcanvas.previous.v1";
const MOST = 200; // runs whose choice is kept; the oldest choices go first

export interface PreviousChoice {
  /** The earlier run to compare with; null: none chosen. */
  id: string | null;
  shown: boolean;
}

type Kept = Record<string, PreviousChoice>;

function readAll(): Kept {
  try {
    const kept = JSON.parse(window.localStorage.getItem(KEY) ?? "{}") as unknown;
    return typeof kept === "object" && kept !== null && !Array.isArray(kept) ? (kept as Kept) : {};
  } catch {
    return {};
  }
}

/** The choice made on run `runId`'s page, or null where none was. */
export function readChoice(runId: string): PreviousChoice | null {
  const choice = readAll()[runId];
  if (!choice || typeof choice.shown !== "boolean") return null;
  return { id: typeof choice.id === "string" ? choice.id : null, shown: choice.shown };
}

export function keepChoice(runId: string, choice: PreviousChoice): void {
  const { [runId]: _, ...others } = readAll();
  const kept = Object.entries(others).slice(-(MOST - 1));
  try {
    window.localStorage.setItem(KEY, JSON.stringify(Object.fromEntries([...kept, [runId, choice]])));
  } catch {
    // Storage full or off: the choice holds until the page is left.
  }
}
