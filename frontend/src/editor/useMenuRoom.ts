// An open menu's list fits the window above Train's bar: at 200 % zoom the Templates menu ran under
// the bar and past the window's foot, its last templates out of sight and out of reach. The list
// scrolls in its own box where it is taller than the room under its button, or opens above the
// button where there is more room there; refitted as the page scrolls or the window changes.
import { useEffect, type RefObject } from "react";

const GAP = 8; // px between the list and the bar or the window's edge (its 4 px from the button, and more)
const LEAST = 160; // px: never shorter, an item and a half, even in a window with no room for it

/** Where the room under `list` ends: the top of Train's bar where it shows across it, else the window's foot. */
function footUnder(list: DOMRect): number {
  const bar = document.querySelector(".train-bar");
  if (!bar || getComputedStyle(bar).visibility !== "visible") return window.innerHeight;
  const box = bar.getBoundingClientRect();
  return box.left < list.right && list.left < box.right ? box.top : window.innerHeight;
}

function fit(menu: HTMLDetailsElement) {
  const list = menu.querySelector<HTMLElement>(".menu-items");
  const button = menu.querySelector("summary");
  if (!menu.open || !list || !button) return;
  const at = button.getBoundingClientRect();
  const below = footUnder(list.getBoundingClientRect()) - at.bottom - 2 * GAP;
  const above = at.top - 2 * GAP;
  const up = list.scrollHeight > below && above > below;
  list.classList.toggle("is-above", up);
  list.style.maxHeight = `${Math.max(LEAST, up ? above : below)}px`;
}

/** Keeps the open `menu`'s list in the room it has; gives the fit to call as it opens. */
export function useMenuRoom(menu: RefObject<HTMLDetailsElement | null>): () => void {
  useEffect(() => {
    const refit = () => menu.current && fit(menu.current);
    window.addEventListener("scroll", refit, { passive: true });
    window.addEventListener("resize", refit);
    return () => {
      window.removeEventListener("scroll", refit);
      window.removeEventListener("resize", refit);
    };
  }, [menu]);
  return () => menu.current && fit(menu.current);
}
