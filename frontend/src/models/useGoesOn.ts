// A model page watching a run that ended asks now and then whether it goes on (its owner pressed
// Continue or Train N more), so a class on a share link follows it again without a reload.
import { useEffect, type Dispatch, type SetStateAction } from "react";
import { hasEventsAfter, type ModelSource } from "./modelSource";

/** How often an ended run is asked about: one small read of its event log. */
export const GOES_ON_MS = 3000;

/** While `ended`, bumps the stream's generation (useRunEvents listens again) once events come
 * after `lastSeq`, the last one the page has. */
export function useGoesOn(source: ModelSource, ended: boolean, lastSeq: number, bump: Dispatch<SetStateAction<number>>): void {
  useEffect(() => {
    if (!ended) return;
    const timer = window.setInterval(() => {
      hasEventsAfter(source, lastSeq).then((more) => more && bump((g) => g + 1), () => undefined);
    }, GOES_ON_MS);
    return () => window.clearInterval(timer);
  }, [source, ended, lastSeq, bump]);
}
