// What a finished run got right and wrong on its validation set.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { RunResults } from "../../api/types";
import { ClassAccuracy } from "./ClassAccuracy";
import { ConfusionMatrix } from "./ConfusionMatrix";
import { DecisionBoundary } from "./DecisionBoundary";
import { Misclassified } from "./Misclassified";
import { RegressionPlot } from "./RegressionPlot";

export function RunResultsPanel({ runId }: { runId: string }) {
  const [results, setResults] = useState<RunResults | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    unwrap(client.GET("/api/runs/{run_id}/results", runPath(runId))).then(setResults, (error: unknown) =>
      setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, [runId]);

  if (problem) return <p className="muted">No results: {problem}</p>;
  if (!results) return <p className="muted">Loading results…</p>;
  return (
    <section className="results" aria-label="Results" data-testid="run-results">
      <h3>Results on the validation set</h3>
      <div className="results-grid">
        {results.confusion && results.classes && (
          <figure>
            <figcaption>Confusion matrix</figcaption>
            <ConfusionMatrix classes={results.classes} matrix={results.confusion} />
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
          </figure>
        )}
        {results.regression && (
          <figure>
            <figcaption>Predicted against true</figcaption>
            <RegressionPlot points={results.regression} />
          </figure>
        )}
      </div>
      {results.task === "classification" && (
        <figure>
          <figcaption>Misclassified samples ({results.misclassified.length} shown)</figcaption>
          <Misclassified mistakes={results.misclassified} shape={results.sample_shape} />
        </figure>
      )}
    </section>
  );
}
