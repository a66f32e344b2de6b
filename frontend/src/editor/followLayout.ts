// Something a person's action brought into sight is kept there for a few seconds as the page lays
// out anew (the Train bar's reason changing, a server's answer drawing more above it), until the
// person's own next move: a key, a finger, a pointer or the wheel.

const MOVES = ["pointerdown", "touchstart", "keydown", "wheel"] as const;

/** Calls `keep` after each layout that resizes one of `watched` (and once at the start), for `ms`
 * or until the person moves; returns what stops it sooner. */
export function followLayout(watched: Element[], keep: () => void, ms: number): () => void {
  const grows = new ResizeObserver(keep); // called after layout: measured as laid out
  for (const element of watched) grows.observe(element);
  const stop = () => {
    grows.disconnect();
    window.clearTimeout(done);
    for (const move of MOVES) window.removeEventListener(move, stop, { capture: true });
  };
  const done = window.setTimeout(stop, ms);
  for (const move of MOVES) window.addEventListener(move, stop, { capture: true, passive: true });
  return stop;
}
