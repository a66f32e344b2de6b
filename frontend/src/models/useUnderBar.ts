// The Code panel opens under the top bar that holds its Code button, never over it: at 1,200 px and
// less the bar wraps to two or three rows, and a panel 4.5rem down covered the button (which closes
// it too), the pages and the design's name. Measured, as the bar's height follows the window's
// width, and its foot the page's scroll.
import { useLayoutEffect, type RefObject } from "react";

const GAP = 8; // px between the bar's foot and the panel
const TOP = 16; // px: the panel's top once the bar has scrolled out of the window

/** Keeps `--code-panel-top` on the open panel at the foot of the bar that holds `button`. */
export function useUnderBar(panel: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, open: boolean) {
  useLayoutEffect(() => {
    const bar = button.current?.closest("header");
    if (!open || !bar) return;
    const place = () => panel.current?.style.setProperty("--code-panel-top", `${Math.max(TOP, bar.getBoundingClientRect().bottom + GAP)}px`);
    place();
    const resized = new ResizeObserver(place);
    resized.observe(bar);
    window.addEventListener("scroll", place, { passive: true });
    return () => {
      resized.disconnect();
      window.removeEventListener("scroll", place);
    };
  }, [panel, button, open]);
}
