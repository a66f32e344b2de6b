// How many of a scroll box's items lie below what it shows: a box that shows four layer types of
// thirty looked like the whole palette, with nothing to say that more follow.
import { useEffect, useState, type RefObject } from "react";

/** The items (matched by `selector`) inside `box` whose bottom is below the box's visible bottom. */
export function useItemsBelow(box: RefObject<HTMLElement | null>, selector: string): number {
  const [below, setBelow] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const count = () => {
      const bottom = element.getBoundingClientRect().top + element.clientTop + element.clientHeight;
      const items = [...element.querySelectorAll(selector)];
      setBelow(items.filter((item) => item.getBoundingClientRect().bottom > bottom + 1).length);
    };
    count();
    element.addEventListener("scroll", count, { passive: true });
    const resized = new ResizeObserver(count); // a turned phone, a taller window
    resized.observe(element);
    return () => {
      element.removeEventListener("scroll", count);
      resized.disconnect();
    };
  }, [box, selector]);
  return below;
}
