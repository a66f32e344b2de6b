// The run the editor's design was made from (opened from its page, or trained from here last):
// the next run is sent with it (Run.based_on) and its page compares with it. Kept in this browser,
// as the design is (savedWork.ts), so that a reload or a run's page and back keep it.
import { useState } from "react";

const KEY = "torchcanvas.basedOn.v1";
const RUN_ID = /^[0-9a-f]{16}$/;

function read(): string | null {
  try {
    const kept = window.localStorage.getItem(KEY);
    return kept && RUN_ID.test(kept) ? kept : null;
  } catch {
    return null;
  }
}

export function useBasedOn(): [string | null, (runId: string | null) => void] {
  const [basedOn, setBasedOn] = useState<string | null>(read);
  const keep = (runId: string | null) => {
    setBasedOn(runId);
    try {
      if (runId) window.localStorage.setItem(KEY, runId);
      else window.localStorage.removeItem(KEY);
    } catch {
      // Storage full or off: it holds until the page is left.
    }
  };
  return [basedOn, keep];
}
