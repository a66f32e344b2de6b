// The line under the palette that says what a click (or a tap, or Enter) on it added: "Added Linear
// fc1." Read out to a screen reader everywhere; shown on a phone only, where the layers are below
// the fold and a tap on the palette looked like nothing happened (phone.css), with a button that
// scrolls to the new layer. On a wide screen the layers are in sight beside the palette. Where the
// line falls under the window's foot, or under the Train bar there (never scrolled up to: Show it
// goes past it) (a challenge's banner above the
// palette pushes it down), the page scrolls just enough to show it: the html's scroll padding keeps
// it clear of the bar.

import { useEffect, useRef } from "react";
import "./layerAdded.css";
import { followLayout } from "./followLayout";
import { scrollBehavior } from "./scrollMotion";

interface Props {
  said: string;
  /** The layer added, where it is still in the design. */
  addedKey: number | null;
}

const GAP_PX = 8; // between the line and the bar (or the window's foot)
const FOLLOW_MS = 3000; // how long after an add the line follows the bar's height

export function LayerAdded({ said, addedKey }: Props) {
  const line = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const shown = line.current;
    // Seen only on a phone: elsewhere it is a 1 px box for screen readers, not to be scrolled to.
    if (!said || !shown || shown.offsetHeight <= 1) return;
    // Measured once the frame's changes are laid out, and again as the bar grows: the add changes
    // the bar's reason (at once, and when the server's check of the design comes back).
    const reveal = () => {
      const bar = document.querySelector(".train-bar");
      const foot = bar ? bar.getBoundingClientRect().top : window.innerHeight;
      const { bottom } = shown.getBoundingClientRect();
      if (bottom > foot - GAP_PX) window.scrollBy({ top: bottom - foot + GAP_PX });
    };
    const frame = requestAnimationFrame(reveal);
    const bar = document.querySelector(".train-bar");
    // A finger or a key down is the person's own move: the page no longer scrolls under it (a
    // drag onto the canvas right after an add missed its drop as the page followed the bar).
    const stop = followLayout(bar ? [bar] : [], reveal, FOLLOW_MS);
    return () => {
      cancelAnimationFrame(frame);
      stop();
    };
  }, [said, addedKey]);
  const show = () => {
    const card = document.querySelector(`.stack [data-layer-key="${addedKey}"]`);
    card?.scrollIntoView({ block: "center", behavior: scrollBehavior() });
  };
  return (
    <div ref={line} className="layer-added">
      <p role="status" data-testid="layer-added">
        {said}
      </p>
      {said && addedKey !== null && (
        <button type="button" className="layer-added-show" onClick={show} data-testid="layer-added-show">
          Show it ↓
        </button>
      )}
    </div>
  );
}
