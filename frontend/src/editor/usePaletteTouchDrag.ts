// A layer type carried from the palette by a finger. A finger that moves at once scrolls the page
// (or the palette), and one that lifts at once taps (adds the layer); one that rests a moment
// picks the layer type up, and it follows the finger to where it lifts. The canvas is told as a
// mouse's drag tells it: dragover while it moves, and again every REPEAT_MS while it rests, as a
// browser repeats it for a mouse (so the canvas pans while a finger waits at its edge), and drop
// where it lifts (canvas/useWireDrop.ts, and the list's useListDrop.ts).
import { useEffect, useRef, useState } from "react";

const HOLD_MS = 350; // a finger resting this long picks the layer type up
const SLOP = 10; // px a finger may wander and still rest, or still tap
const REPEAT_MS = 50; // dragover again this often while a carried layer rests

/** What the finger carries, and where it is on the screen. */
export interface Carried {
  label: string;
  x: number;
  y: number;
}

export function usePaletteTouchDrag() {
  const [carried, setCarried] = useState<Carried | null>(null);
  const end = useRef<() => void>(() => {});
  useEffect(() => () => end.current(), []);

  /** Follows a touch that starts on a palette item; `fill` puts the layer type in a drag's data. */
  const start = (event: React.TouchEvent, label: string, fill: (data: DataTransfer) => void) => {
    end.current();
    const first = event.touches[0];
    if (event.touches.length !== 1 || !first) return;
    const from = { x: first.clientX, y: first.clientY };
    const data = new DataTransfer();
    fill(data);
    let held = false; // picked up
    let moved = false; // carried past the slop: a drag, not a long tap
    let over: Element | null = null;
    let last: Touch | null = null; // where the carried layer is, once it has moved
    const send = (type: string, at: Touch, target: Element | null, related: Element | null = null) =>
      target?.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data, clientX: at.clientX, clientY: at.clientY, relatedTarget: related }));

    const move = (e: TouchEvent) => {
      const at = e.touches[0];
      if (!at) return;
      const far = Math.hypot(at.clientX - from.x, at.clientY - from.y) > SLOP;
      if (!held) return far ? stop() : undefined; // a scroll: the browser has it
      e.preventDefault(); // the page stays still under a carried layer
      moved ||= far;
      setCarried({ label, x: at.clientX, y: at.clientY });
      last = at;
      over = dragOver(at);
    };
    /** What is under the finger now (it may have moved, or the canvas under it panned) is told. */
    const dragOver = (at: Touch) => {
      const under = document.elementFromPoint(at.clientX, at.clientY);
      if (under !== over) send("dragleave", at, over, under);
      send("dragover", at, under);
      return under;
    };
    const repeat = window.setInterval(() => {
      if (held && last) over = dragOver(last);
    }, REPEAT_MS);
    const lift = (e: TouchEvent) => {
      const at = e.changedTouches[0];
      if (moved && at) {
        e.preventDefault(); // no click: the layer was carried, not tapped
        send("drop", at, document.elementFromPoint(at.clientX, at.clientY));
      }
      stop();
    };
    const cancel = (e: TouchEvent) => {
      const at = e.changedTouches[0];
      if (over && at) send("dragleave", at, over);
      stop();
    };
    const hold = window.setTimeout(() => {
      held = true;
      setCarried({ label, ...from });
    }, HOLD_MS);
    function stop() {
      window.clearTimeout(hold);
      window.clearInterval(repeat);
      window.removeEventListener("touchmove", move);
      window.removeEventListener("touchend", lift);
      window.removeEventListener("touchcancel", cancel);
      if (held) window.dispatchEvent(new DragEvent("dragend", { dataTransfer: data })); // as a mouse's drag ends
      setCarried(null);
      end.current = () => {};
    }
    window.addEventListener("touchmove", move, { passive: false });
    window.addEventListener("touchend", lift, { passive: false });
    window.addEventListener("touchcancel", cancel);
    end.current = stop;
  };

  return { carried, start };
}
