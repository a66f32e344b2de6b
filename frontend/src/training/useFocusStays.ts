// Pause, Resume and Stop each give way to another button (Pause to Resume, Stop to Continue): the
// one pressed went away with the focus, which fell to <body>, so the next Tab started over from
// the top of the page. The focus goes on to the control that took its place.
import { useEffect, useRef, type RefObject } from "react";

/** Watches `area` (the run's summary): where the element focused in it is gone and nothing holds the
 * focus, the first enabled button of `.run-controls` (else of the area) takes it, after each change of `key`. */
export function useFocusStays(area: RefObject<HTMLElement | null>, key: unknown): void {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const box = area.current;
    if (!box) return;
    const seen = (event: FocusEvent) => (last.current = event.target instanceof HTMLElement ? event.target : null);
    box.addEventListener("focusin", seen);
    return () => box.removeEventListener("focusin", seen);
  }, [area]);
  useEffect(() => {
    const box = area.current;
    const was = last.current;
    if (!box || !was || was.isConnected || (document.activeElement !== null && document.activeElement !== document.body)) return;
    const next = box.querySelector<HTMLElement>(".run-controls button:not(:disabled)") ?? box.querySelector<HTMLElement>("button:not(:disabled)");
    next?.focus();
  }, [area, key]);
}
