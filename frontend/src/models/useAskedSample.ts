// The validation sample a model page's address asks Try it to open (/models/<id>#sample=12): a
// misclassified one of the run's results, or why it cannot be opened.
import { useEffect, useState } from "react";
import type { RunResults } from "../api/types";
import { sampleAsked, sampleOfFragment, type OpenedSample } from "../training/results/mistakeSample";

export type AskedSample = { index: number; sample: OpenedSample | null; problem: string | null };

/** `results`: the run's, null while they load (or where it has none). */
export function useAskedSample(results: RunResults | null): AskedSample | null {
  const [index, setIndex] = useState(() => sampleOfFragment(window.location.hash));
  useEffect(() => {
    const follow = () => setIndex(sampleOfFragment(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  if (index === null) return null;
  if (!results) return { index, sample: null, problem: null };
  const asked = sampleAsked(results, index);
  return typeof asked === "string" ? { index, sample: null, problem: asked } : { index, sample: asked, problem: null };
}
