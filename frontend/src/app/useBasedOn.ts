// The run the editor's design was made from (opened from its page, or trained from here last):
// the next run is sent with it (Run.based_on) and its page compares with it. Kept with the design
// (savedWork.ts), so that a reload or a run's page and back keep it, and a new tab gets the two
// of a piece.
import { useState } from "react";

export function useBasedOn(kept: string | null): [string | null, (runId: string | null) => void] {
  return useState<string | null>(kept);
}
