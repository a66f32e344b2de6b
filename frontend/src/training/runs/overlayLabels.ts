// The compared runs' legend names: a run's name and short id, then its optimizer and learning
// rate only where the runs differ in them; a legend entry is one line, cut where it is too long.
// A long name is cut in the middle of the label, not at its end: the id after it tells runs apart.
import type { RunInfo } from "../../api/types";
import { trainedWith } from "../previous/trainedWith";
import { runName } from "./runList";

// A run continued at a new rate says both ("Adam lr 0.001 → 0.05"): the legends said the rate it
// began with beside a table that said both (a new user's walkthrough).
const settings = trainedWith;

const MAX_NAME = 32;

/** A name of at most MAX_NAME characters: its start and its end, which often differ ("…_final"). */
function short(name: string): string {
  const chars = [...name]; // whole characters, never half an emoji
  if (chars.length <= MAX_NAME) return name;
  const half = (MAX_NAME - 1) / 2;
  return `${chars.slice(0, Math.ceil(half)).join("")}…${chars.slice(-Math.floor(half)).join("")}`;
}

export function overlayLabels(runs: RunInfo[]): string[] {
  const shared = runs.length > 1 && new Set(runs.map(settings)).size === 1;
  return runs.map((run) => `${short(runName(run))} · ${run.id.slice(0, 6)}${shared ? "" : ` · ${settings(run)}`}`);
}
