// What a run's control says when its request failed: the server's own words, or, where no answer
// came at all, that the server could not be reached (fetch's bare "TypeError: Failed to fetch").
// That one is about the connection, not the run: it goes once the page is back in touch.
import { useEffect, useRef } from "react";
import { ApiError } from "../api/client";

export const UNREACHABLE = "Could not reach the server: check this computer's network connection, then try again.";

/** The words for a failed request: the server's message, or UNREACHABLE where none came. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  // fetch rejects with a TypeError only when no answer came (offline, refused, reset).
  if (error instanceof TypeError) return UNREACHABLE;
  return error instanceof Error ? error.message : String(error);
}

/** Calls `onBack` when the run page is in touch again (`lostAt` back to null), or the browser is
 * back online: then an UNREACHABLE it shows is old news. */
export function useBackInTouch(lostAt: number | null, onBack: () => void): void {
  const latest = useRef(onBack);
  latest.current = onBack;
  const wasLost = useRef(false);
  useEffect(() => {
    if (lostAt !== null) wasLost.current = true;
    else if (wasLost.current) (wasLost.current = false), latest.current();
  }, [lostAt]);
  useEffect(() => {
    const back = () => latest.current();
    window.addEventListener("online", back);
    return () => window.removeEventListener("online", back);
  }, []);
}
