// A text worked out from a chart's data at most once a second: a run's charts render on every
// progress frame, and a screen reader's summary of them has no need to change as often.
import { useEffect, useRef, useState } from "react";

/** `compute`'s text, worked out again when `key` changes, no sooner than `ms` after the last time;
 * the latest change is always worked out in the end (a timer waits for it). An empty text is
 * replaced at once: an image it names would have no name meanwhile. */
export function useThrottledText(compute: () => string, key: unknown, ms = 1000): string {
  const [text, setText] = useState(compute);
  const latest = useRef(compute);
  latest.current = compute;
  const last = useRef(0);
  const timer = useRef<number | null>(null);
  useEffect(() => {
    const update = () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
      last.current = Date.now();
      setText(latest.current());
    };
    const wait = last.current + ms - Date.now();
    if (wait <= 0 || text === "") update();
    else timer.current ??= window.setTimeout(update, wait);
  }, [key, ms, text]);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return text;
}
