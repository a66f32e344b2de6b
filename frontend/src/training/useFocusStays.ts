// Pause, Resume and Stop each give way to another button (Pause to Resume, Stop to Continue): the
// one pressed went away with the focus, which fell to <body>, so the next Tab started over from
// the top of the page. The focus goes on to the control that took its place.
import { useEffect, useRef, type RefObject } from "react";

/** Watches `area` (the run's summary): where the element focused in it is gone and nothing holds
 * the focus, the primary button of `.run-controls` takes it (else the first one), once it is
 * enabled (a Resume that came while Pause's request was still on its way waits, disabled,
 * until it is answered). */
export function useFocusStays(area: RefObject<HTMLElement | null>): void {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const box = area.current;
    if (!box) return;
    const seen = (event: FocusEvent) => (last.current = event.target instanceof HTMLElement ? event.target : null);
    // The person taking the focus elsewhere (a click on the page, a Tab out) is forgotten: else a
    // run ending later took it back to its buttons and scrolled the page up. A button that lost it
    // by going away, or by being disabled while its request was sent, is remembered.
    const elsewhere = (event: Event) => {
      if (!(event.target instanceof Node && box.contains(event.target))) last.current = null;
    };
    const restore = () => {
      const was = last.current;
      const free = document.activeElement === null || document.activeElement === document.body;
      if (!was || was.isConnected || !free) return;
      // The primary button (Resume for Pause, Continue for Stop), else the first of the controls
      // (Pause for Resume), is the one that took its place: still disabled while the request is
      // on its way, it is waited for (Step beside Resume, enabled first, took the focus when the
      // run's paused event beat Pause's answer; the rate's Set, when running beat Resume's).
      const primary = box.querySelector<HTMLButtonElement>(".run-controls button.primary");
      const next = primary ?? box.querySelector<HTMLButtonElement>(".run-controls button") ?? box.querySelector<HTMLElement>("button:not(:disabled)");
      if (next instanceof HTMLButtonElement && next.disabled) return;
      next?.focus();
    };
    const watch = new MutationObserver(restore);
    watch.observe(box, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
    box.addEventListener("focusin", seen);
    document.addEventListener("focusin", elsewhere);
    document.addEventListener("pointerdown", elsewhere);
    return () => {
      watch.disconnect();
      box.removeEventListener("focusin", seen);
      document.removeEventListener("focusin", elsewhere);
      document.removeEventListener("pointerdown", elsewhere);
    };
  }, [area]);
}
