// Calls `shown` each time this tab comes back into sight (another tab was in front, the window was
// minimised): what another tab changed meanwhile (a share link made or revoked, a run renamed) is
// read again, instead of each page polling while nobody looks.
import { useEffect } from "react";

export function useShownAgain(shown: () => void): void {
  useEffect(() => {
    const changed = () => document.visibilityState === "visible" && shown();
    document.addEventListener("visibilitychange", changed);
    return () => document.removeEventListener("visibilitychange", changed);
  }, [shown]);
}
