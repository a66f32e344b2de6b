// Train along the window's foot while the Train button itself is below the window: where the
// training settings come under the design (the list view at 1200 px wide and less, a phone), at
// 1024 × 768 Train was two screens down a 10-layer design; beside it on a wide screen, a 2-D set's
// data panel and scatter put Train 1,300 px down a 1440 × 900 window. Its reason for being off, or why the
// server refused the last start, is said beside it (in one line, or wrapped whole on a phone); the
// link takes the keyboard to the settings. On the canvas view too (where it was left out, and Train
// was out of sight there): under the settings' column on a wide screen, and on a phone hidden while
// it would cover the canvas's controls, a drop's hint or a carried layer (useCanvasFootClear.ts).
import { useEffect, useId, useRef, useState, type RefObject } from "react";
import { focusHeading } from "./focusSettings";
import { CodeText } from "../editor/CodeText";
import { useCanvasFootClear } from "./useCanvasFootClear";

interface Props {
  /** The Train button in the settings: the bar shows while it is out of view. */
  watched: RefObject<HTMLButtonElement | null>;
  label: string;
  disabled: boolean;
  reason: string | null;
  /** Why the server refused the last start, shown by the settings' own Train, out of view here. */
  refused: string | null;
  onTrain: () => void;
}

// Taller than any page: how far up the window's box reaches for the observer.
const ABOVE_PX = 1_000_000;

export function TrainBar({ watched, label, disabled, reason, refused, onTrain }: Props) {
  const [away, setAway] = useState(false);
  useEffect(() => {
    const button = watched.current;
    if (!button) return;
    // Below the window only: scrolled past it, the settings are what is read. The window's box
    // reaches far up past the page's top, so a button scrolled past counts as seen: a jump from
    // past it to above it (End, then Home) is then a change the observer reports, where "out of
    // view" twice was none, and the bar stayed away with Train two screens down.
    const seen = new IntersectionObserver(([entry]) => setAway(entry !== undefined && !entry.isIntersecting), { rootMargin: `${ABOVE_PX}px 0px 0px 0px` });
    seen.observe(button);
    return () => seen.disconnect();
  }, [watched]);
  // The page keeps room at its foot, so the bar covers nothing that cannot scroll clear of it:
  // all the while the editor shows, not only while the bar does, or the page's height changes as
  // Train scrolls into view, and moves it under a click made as it comes.
  useEffect(() => {
    document.documentElement.classList.add("with-train-room");
    return () => document.documentElement.classList.remove("with-train-room");
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle("with-train-bar", away);
    return () => document.documentElement.classList.remove("with-train-bar");
  }, [away]);
  // Its height, for the page's room at its foot: on a phone the reason wraps (phone.css), and a
  // long one makes the bar taller than the room kept for one line.
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const shown = bar.current;
    if (!away || !shown) return;
    const root = document.documentElement;
    const sized = new ResizeObserver(() => root.style.setProperty("--train-bar-height", `${shown.offsetHeight}px`));
    sized.observe(shown);
    return () => {
      sized.disconnect();
      root.style.removeProperty("--train-bar-height");
    };
  }, [away]);
  // On the canvas it hides while it would cover the canvas's controls or a drop's hint (a phone),
  // and while a layer or a wire is carried (styles.css): a finger's drop lands where it lifts.
  const clear = useCanvasFootClear(bar, away);
  const saidId = useId();
  if (!away) return null;
  const said = refused ?? reason;
  return (
    <div ref={bar} className={clear ? "train-bar" : "train-bar is-tucked"} role="region" aria-label="Train from here" data-testid="train-bar">
      {/* Off, still in the Tab order and keeping the focus, its reason read with it (TrainButton.tsx). */}
      <button
        type="button"
        className="primary"
        aria-disabled={disabled || undefined}
        aria-describedby={said ? saidId : undefined}
        onClick={() => !disabled && onTrain()}
        data-testid="train-bar-button"
      >
        {label}
      </button>
      {said && (
        <span className={`train-bar-reason${refused ? " is-error" : ""}`} id={saidId} title={said} data-testid="train-bar-reason">
          <CodeText text={said} />
        </span>
      )}
      {/* Not a plain #link: it would add a history entry, and Back would reopen a linked design. */}
      <a
        href="#training-settings"
        className="train-bar-settings"
        onClick={(event) => {
          event.preventDefault();
          focusHeading();
        }}
      >
        Settings ↓
      </a>
    </div>
  );
}
