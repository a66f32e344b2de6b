// Undo back past a template that moved the design onto its own dataset moves the dataset back too:
// the layers Undo brings back were made for the data chosen before, and the digits' input under a
// sine's layers was an error to fix that nobody made.
import { useEffect, useState } from "react";
import type { DatasetOptions } from "../training/planeOptions";

/** The dataset a template moved off, and the undo step on screen before it. */
export interface MovedOff {
  before: object;
  dataset: string;
  options: DatasetOptions | null;
}

/** `step`: the editor's undo step on screen; `onBack` runs once Undo returns to `before`. */
export function useDatasetUndo(step: object, onBack: (moved: MovedOff) => void) {
  const [moved, setMoved] = useState<MovedOff | null>(null);
  useEffect(() => {
    if (!moved || step !== moved.before) return;
    setMoved(null);
    onBack(moved);
  }, [step, moved, onBack]);
  return setMoved;
}
