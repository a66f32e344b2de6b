// Whether the Train bar is clear of the canvas's foot, where its zoom controls and a drop's hint
// sit: on a phone the canvas fills most of the window, and scrolled so that its foot is at the
// window's foot, the bar would cover them. Measured against where the bar stands as the page
// scrolls or changes size; the bar then hides (visibility only: the page does not move, as it
// must not under a finger's drag, editor/canvas/useEdgePan.ts).
import { useEffect, useState, type RefObject } from "react";

const FOOT_PX = 120; // the canvas's strip that holds its controls (78 px, 16 px up) and the hint
const CANVAS = ".workbench.is-canvas .canvas";

/** Whether boxes a and b share any area. */
export function overlaps(a: { left: number; right: number; top: number; bottom: number }, b: { left: number; right: number; top: number; bottom: number }): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The canvas's foot strip, from its box on the screen. */
export function footOf(canvas: { left: number; right: number; top: number; bottom: number }) {
  return { left: canvas.left, right: canvas.right, top: Math.max(canvas.top, canvas.bottom - FOOT_PX), bottom: canvas.bottom };
}

/** True while the bar (`bar`, shown when `shown`) covers nothing of the canvas's foot. */
export function useCanvasFootClear(bar: RefObject<HTMLElement | null>, shown: boolean): boolean {
  const [clear, setClear] = useState(true);
  useEffect(() => {
    if (!shown) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const canvas = document.querySelector(CANVAS);
      const box = bar.current?.getBoundingClientRect();
      setClear(!canvas || !box || !overlaps(footOf(canvas.getBoundingClientRect()), box));
    };
    const soon = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
    const laidOut = new ResizeObserver(soon); // the List/Canvas switch, a panel that grows
    laidOut.observe(document.body);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", soon);
      window.removeEventListener("resize", soon);
      laidOut.disconnect();
      setClear(true);
    };
  }, [bar, shown]);
  return clear;
}
