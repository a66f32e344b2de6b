// The model page's Mistakes: the misclassified validation samples its run kept, each opening in
// Try it above (the page's #sample=12), from the results the page reads, its owner's or a share
// link's, so a class opening the link sees them as the owner does.
import type { RunResults } from "../api/types";
import { FEATURE_LABELS } from "../training/planeOptions";
import { Misclassified } from "../training/results/Misclassified";
import { misclassifiedCaption } from "../training/results/misclassifiedCaption";
import { openedSample, sampleFragment } from "../training/results/mistakeSample";

/** The gallery's section, which a sample asked for and not kept links to. */
export const MISTAKES_ID = "mistakes";

/** `featureNames`: a table's columns, named on its samples; `canTry`: Try it answers on this page. */
export function MistakesPanel({ results, featureNames, canTry }: { results: RunResults; featureNames: string[] | null; canTry: boolean }) {
  if (results.task !== "classification") return null;
  const opens = (m: RunResults["misclassified"][number]) => (canTry && openedSample(results, m) ? sampleFragment(m.index) : null);
  return (
    <section className="panel" id={MISTAKES_ID} aria-label="Mistakes" data-testid="model-mistakes">
      <h2>Mistakes</h2>
      <p className="muted" data-testid="model-mistakes-caption">
        {misclassifiedCaption(results.misclassified.length, results.confusion)}, on the validation set
      </p>
      {results.misclassified.some((m) => opens(m)) && (
        <p className="muted mistakes-hint" data-testid="model-mistakes-hint">
          Open one in Try it, above: each class&apos;s probability, and what each layer made of it.
        </p>
      )}
      <Misclassified mistakes={results.misclassified} shape={results.sample_shape} names={results.boundary?.features?.map((feature) => FEATURE_LABELS[feature]) ?? featureNames} openHref={opens} />
    </section>
  );
}
