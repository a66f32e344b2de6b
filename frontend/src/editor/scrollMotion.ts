// How far a scroll the app starts itself moves: smoothly, unless the system asks for less motion
// (prefers-reduced-motion), where it jumps, as the browser's own scrolls then do.

/** "smooth", or "auto" (an instant jump) where the person asked for reduced motion. */
export function scrollBehavior(): ScrollBehavior {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}
