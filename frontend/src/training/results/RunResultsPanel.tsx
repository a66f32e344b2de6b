// What a finished run got right and wrong on its validation set.
import { useMemo, useState } from "react";
import type { RunResults } from "../../api/types";
import type { StoppedBetweenEpochs } from "../events";
import { FEATURE_LABELS } from "../planeOptions";
import { ClassAccuracy } from "./ClassAccuracy";
import { ClassLegend } from "./ClassLegend";
import { ConfusionMatrix } from "./ConfusionMatrix";
import { DecisionBoundary } from "./DecisionBoundary";
import { Misclassified } from "./Misclassified";
import { cellId } from "./ConfusionMatrix";
import { openedSample, sampleFragment } from "./mistakeSample";
import { misclassifiedCaption, type Cell } from "./misclassifiedCaption";
import { RegressionErrors } from "./RegressionErrors";
import { RegressionPlot } from "./RegressionPlot";
import { formatCount } from "../../editor/format";

/** The share of the validation samples on the confusion matrix's diagonal, in percent. */
function percentRight(confusion: number[][]): string {
  const total = confusion.flat().reduce((sum, n) => sum + n, 0);
  const right = confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return `${((100 * right) / Math.max(total, 1)).toFixed(1)}%`;
}

/** How many mistakes the gallery kept of each confusion, by "true,predicted" class index: a cell
 * whose samples were none of them is no button (it showed an empty gallery). */
function keptPerCell(results: RunResults | null): Map<string, number> {
  const index = new Map((results?.classes ?? []).map((name, i) => [name, i]));
  const kept = new Map<string, number>();
  for (const m of results?.misclassified ?? []) {
    const key = `${index.get(m.true)},${index.get(m.predicted)}`;
    kept.set(key, (kept.get(key) ?? 0) + 1);
  }
  return kept;
}

/** The mistakes of one confusion (a cell of the matrix), or all of them. */
function shown(results: RunResults, cell: Cell | null): RunResults["misclassified"] {
  if (!cell) return results.misclassified;
  const [truth, guess] = cell.map((i) => results.classes?.[i]);
  return results.misclassified.filter((m) => m.true === truth && m.predicted === guess);
}

interface Props {
  results: RunResults | null;
  problem: string | null;
  between: StoppedBetweenEpochs | null;
  /** The name of each feature of a table's samples (a CSV's columns); null where they have none. */
  featureNames?: string[] | null;
  /** The run's model page, where a mistake opens in Try it; null: the mistakes open nowhere. */
  modelPage?: string | null;
}

export function RunResultsPanel({ results, problem, between, featureNames = null, modelPage = null }: Props) {
  const [cell, setCell] = useState<Cell | null>(null);
  const kept = useMemo(() => keptPerCell(results), [results]);
  const mistakes = useMemo(() => (results ? shown(results, cell) : []), [results, cell]);
  /** Back to every mistake; the keyboard goes back to the cell (its button went). */
  const showAll = () => {
    if (cell) requestAnimationFrame(() => document.getElementById(cellId(cell))?.focus());
    setCell(null);
  };
  if (problem) return <p className="muted">No results: {problem}</p>;
  if (!results) return <p className="muted">Loading results…</p>;
  return (
    <section className="results" aria-label="Results" data-testid="run-results">
      <h3>Results on the validation set</h3>
      {between && (
        <p className="muted" data-testid="results-weights">
          These use the weights at step {formatCount(between.step)}, where the run stopped
          {results.confusion && `: ${percentRight(results.confusion)} of the validation samples right`}. The validation numbers above
          are from the end of epoch {between.epoch} (step {formatCount(between.epochStep)}).
        </p>
      )}
      <div className="results-grid">
        {results.confusion && results.classes && (
          <figure>
            <figcaption>Confusion matrix</figcaption>
            <ConfusionMatrix classes={results.classes} matrix={results.confusion} chosen={cell} onChoose={setCell} kept={kept} />
          </figure>
        )}
        {results.test_confusion && results.classes && results.test && (
          <figure data-testid="test-confusion-figure">
            <figcaption>
              Test set: {percentRight(results.test_confusion)} of its {formatCount(results.test.size)} held-out samples right, measured once as the
              run ended
            </figcaption>
            <ConfusionMatrix classes={results.classes} matrix={results.test_confusion} testId="test-confusion" />
          </figure>
        )}
        {results.per_class && (
          <figure>
            <figcaption>Accuracy per class</figcaption>
            <ClassAccuracy classes={results.per_class} />
          </figure>
        )}
        {results.boundary && (
          <figure>
            <figcaption>Decision boundary</figcaption>
            <DecisionBoundary boundary={results.boundary} />
            {results.classes && <ClassLegend classes={results.classes} />}
          </figure>
        )}
        {results.regression && (
          <figure>
            <figcaption>Predicted against true</figcaption>
            <RegressionPlot points={results.regression} />
            <RegressionErrors points={results.regression} />
          </figure>
        )}
      </div>
      {results.task === "classification" && (
        <figure>
          <figcaption data-testid="misclassified-caption">{misclassifiedCaption(mistakes.length, results.confusion, cell, results.classes ?? [])}</figcaption>
          {cell && (
            <button type="button" className="icon misclassified-all" data-testid="misclassified-all" onClick={showAll}>
              Show all
            </button>
          )}
          {modelPage && mistakes.some((m) => openedSample(results, m)) && (
            <p className="muted mistakes-hint" data-testid="mistakes-hint">
              Open a sample to try it on the model page: each class&apos;s probability, and what each layer made of it.
            </p>
          )}
          <Misclassified
            mistakes={mistakes}
            shape={results.sample_shape}
            names={results.boundary?.features?.map((feature) => FEATURE_LABELS[feature]) ?? featureNames}
            openHref={(m) => (modelPage && openedSample(results, m) ? modelPage + sampleFragment(m.index) : null)}
          />
        </figure>
      )}
    </section>
  );
}
