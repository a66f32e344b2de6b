// A text worked out from a chart's data at most once a second: a run's charts render on every
// progress frame, and a screen reader's summary of them has no need to change as often.
import { useEffect, useRef, useState } from "react";

/** `compute`'s text, worked out again when `key` changes, no sooner than `ms` after the last time;
 * the latest change is always worked out in the end (a timer waits for it). An empty text is
 * replaced at once: an image it names would have no name meanwhile. `key` is a string or number,
 * compared by value: an array made afresh on each render would change on every render. */
export function useThrottledText(compute: () => string, key: string | number, ms = 1000): string {
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

/** A short text that changes when a chart's data does, for useThrottledText's key: each series'
 * length and its first, middle and last values (new points, another window of them, another
 * smoothing), read in a few steps however long the series. Charts are often handed their data
 * as new arrays on each render, so the arrays' identity would change on every render too. */
export function dataKey(data: readonly ArrayLike<unknown>[]): string {
  return data.map((series) => {
    const n = series.length;
    return n === 0 ? "0" : `${n}:${String(series[0])}:${String(series[n >> 1])}:${String(series[n - 1])}`;
  }).join(" ");
}
