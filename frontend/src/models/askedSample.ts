// What a model page says of the validation sample its address asks for (#sample=12): the sample,
// still loading, or why it cannot be opened and what to do, never a "Loading…" that stays.
import { ApiError } from "../api/client";
import type { RunResults } from "../api/types";
import { openedSample, type OpenedSample } from "../training/results/mistakeSample";

/** The run's results as the page has them: loading, loaded, or a reason there are none to read. */
export type ResultsLoad = { state: "loading" } | { state: "loaded"; results: RunResults } | { state: "none"; why: string };

/** `sample` to open, or `problem` saying why not; `toMistakes`: the page lists the samples that open. */
export type AskedSample = { index: number; sample: OpenedSample | null; problem: string | null; toMistakes: boolean };

/** Why the results did not load, saying what to do: the server's reason names it (a damaged file:
 * train again); a lost connection or a server's fault may pass, so reloading is worth a try. */
export function resultsFailed(error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  const lasting = error instanceof ApiError && error.status < 500;
  return `this model's results did not load: ${said.replace(/\.$/, "")}.${lasting ? "" : " Reload the page to try again."}`;
}

/** A still-training run's page: its results, and the mistakes among them, come as it ends. */
export const RESULTS_AT_THE_END = "this run is still training: its results, with the misclassified samples it keeps, come when it ends.";

export function askedSample(index: number, load: ResultsLoad): AskedSample {
  const cannot = (why: string, toMistakes = false) => ({ index, sample: null, problem: `Validation sample #${index} cannot be opened: ${why}`, toMistakes });
  if (load.state === "loading") return { index, sample: null, problem: null, toMistakes: false };
  if (load.state === "none") return cannot(load.why);
  const { results } = load;
  if (results.task !== "classification") return cannot("a regression's run keeps no misclassified samples; type values into Try it instead.");
  const mistake = results.misclassified.find((m) => m.index === index);
  if (!mistake) {
    const kept = results.misclassified.length;
    if (kept === 0) return cannot("this run kept no misclassified samples (it got every validation sample right).");
    const opens = results.misclassified.some((m) => openedSample(results, m));
    const where = opens ? "open one of them from Mistakes, below." : "none of them can be tried here either.";
    return cannot(`it is not among the ${kept} misclassified samples this run kept; ${where}`, opens);
  }
  const sample = openedSample(results, mistake);
  if (!sample) return cannot(`Try it takes no sample of shape (${results.sample_shape.join(", ")}).`);
  return { index, sample, problem: null, toMistakes: false };
}
