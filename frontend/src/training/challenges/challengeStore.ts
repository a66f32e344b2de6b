// What this browser keeps of the challenges (localStorage): the challenge each run was trained for
// (by run id), and the ones met; and what this tab keeps (sessionStorage, which its reloads keep and
// other tabs do not see): the one being attempted in its editor, as each tab keeps its own design
// (app/tabKept.ts). Kept for the whole browser, a challenge started in one tab came up over another
// tab's own design on its reload, and a run of that design counted as an attempt at it. Nothing goes
// to the server.
const ACTIVE = "torchcanvas.challenge.active.v1";
const RUNS = "torchcanvas.challenge.runs.v1";
const MET = "torchcanvas.challenge.met.v1";
const KEPT_RUNS = 200; // the newest runs' links; older ones are forgotten

type Where = "localStorage" | "sessionStorage";

function read<T>(key: string, fallback: T, fits: (value: unknown) => value is T, where: Where = "localStorage"): T {
  try {
    const value: unknown = JSON.parse(window[where].getItem(key) ?? "null");
    return fits(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown, where: Where = "localStorage"): void {
  try {
    if (value === null) window[where].removeItem(key);
    else window[where].setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or off: the challenge holds until the page is left.
  }
}

const isString = (value: unknown): value is string => typeof value === "string";
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isPairs = (value: unknown): value is [string, string][] =>
  Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isString));

export const activeChallenge = (): string | null => read(ACTIVE, null, isString, "sessionStorage");
export const setActiveChallenge = (id: string | null): void => write(ACTIVE, id, "sessionStorage");

/** The challenge a run was trained for, if any. */
export const runChallenge = (runId: string): string | null => new Map(read(RUNS, [], isPairs)).get(runId) ?? null;

/** A run started from the editor attempts the challenge active there. */
export function linkActiveChallenge(runId: string): void {
  const active = activeChallenge();
  if (!active) return;
  const kept = read(RUNS, [], isPairs).filter(([run]) => run !== runId);
  write(RUNS, [...kept, [runId, active]].slice(-KEPT_RUNS));
}

export const metChallenges = (): string[] => read(MET, [], isStrings);
export function markMet(id: string): void {
  const met = metChallenges();
  if (!met.includes(id)) write(MET, [...met, id]);
}
