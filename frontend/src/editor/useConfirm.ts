// A second click before what cannot be undone (delete, revoke). While the question is asked, the
// focus is on its safe answer (`keep`: Keep it), which Escape also gives unless `busy`; once kept,
// the focus goes back to the button that asked (`ask`), or to `fallback` where that button has
// gone. Not on the first render: a page that opens gives no focus here.
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";

export function useConfirm(busy = false, fallback?: RefObject<HTMLElement | null>) {
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (asked.current) (ask.current ?? fallback?.current)?.focus();
    asked.current ||= asking;
  }, [asking, fallback]);
  const escapeKeeps = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || busy) return;
    event.preventDefault();
    setAsking(false);
  };
  return { asking, setAsking, keep, ask, escapeKeeps };
}
