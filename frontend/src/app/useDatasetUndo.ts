// Undo back past a template that moved the design onto its own dataset moves the dataset back too:
// the layers Undo brings back were made for the data chosen before, and the digits' input under a
// sine's layers was an error to fix that nobody made. Redo moves it onto the template's again.
import { useEffect, useRef, useState } from "react";
import type { DatasetOptions } from "../training/planeOptions";

/** A dataset and a 2-D set's options. */
export interface DatasetChoice {
  dataset: string;
  options: DatasetOptions | null;
}

/** A template's move: `from` the dataset chosen at `before` (the undo step on screen then) `to` its own. */
export interface Move {
  before: object;
  from: DatasetChoice;
  to: DatasetChoice;
}

/** `step`: the editor's undo step on screen; `onMove(choice, undo)` runs when Undo returns to the
 * step before the move (with `from`), or Redo to the step it was undone from (with `to`). */
export function useDatasetUndo(step: object, onMove: (choice: DatasetChoice, undo: boolean) => void) {
  const [move, setMove] = useState<(Move & { after: object | null }) | null>(null);
  const last = useRef(step);
  useEffect(() => {
    const was = last.current;
    last.current = step;
    if (!move || was === step) return;
    if (step === move.before) {
      if (move.after === null) setMove({ ...move, after: was }); // where Redo comes back to
      onMove(move.from, true);
    } else if (step === move.after) onMove(move.to, false);
  }, [step, move, onMove]);
  return (made: Move) => setMove({ ...made, after: null });
}
