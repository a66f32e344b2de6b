// The validation sample a model page's address asks Try it to open (/models/<id>#sample=12): a
// misclassified one of the run's results, or why it cannot be opened (askedSample).
import { useEffect, useState } from "react";
import { sampleOfFragment } from "../training/results/mistakeSample";
import { askedSample, type AskedSample, type ResultsLoad } from "./askedSample";

/** Follows the address as it changes: a tile of the page's Mistakes sets its fragment. */
export function useAskedSample(load: ResultsLoad): AskedSample | null {
  const [index, setIndex] = useState(() => sampleOfFragment(window.location.hash));
  useEffect(() => {
    const follow = () => setIndex(sampleOfFragment(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return index === null ? null : askedSample(index, load);
}
