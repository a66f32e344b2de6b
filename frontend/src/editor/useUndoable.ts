// A value with undo and redo: every change is a step, except quick repeats of the same edit.
import { useCallback, useMemo, useState } from "react";

const MERGE_MS = 1500; // typing into one field within this time is one step
const LIMIT = 200;

interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** What the last change was, so that typing "128" into one field is one step, not three. */
  tag: string | null;
  at: number;
}

/** `initial` makes the first value, once. */
export function useUndoable<T>(initial: () => T) {
  const [history, setHistory] = useState<History<T>>(() => ({ past: [], present: initial(), future: [], tag: null, at: 0 }));

  /** A change tagged as the last one, within `mergeMs` of it, joins its step. */
  const change = useCallback((update: (value: T) => T, tag: string | null = null, mergeMs = MERGE_MS) => {
    setHistory((h) => {
      const next = update(h.present);
      if (next === h.present) return h;
      const now = Date.now();
      if (tag !== null && tag === h.tag && now - h.at < mergeMs) return { ...h, present: next, at: now };
      return { past: [...h.past.slice(1 - LIMIT), h.present], present: next, future: [], tag, at: now };
    });
  }, []);

  const steps = useMemo(
    () => ({
      undo: () =>
        setHistory((h) =>
          h.past.length === 0
            ? h
            : { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future], tag: null, at: 0 },
        ),
      redo: () =>
        setHistory((h) =>
          h.future.length === 0
            ? h
            : { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1), tag: null, at: 0 },
        ),
    }),
    [],
  );

  return { value: history.present, change, ...steps, canUndo: history.past.length > 0, canRedo: history.future.length > 0 };
}
