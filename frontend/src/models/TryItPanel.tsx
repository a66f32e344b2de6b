// The model page's Try it panel: the model tried on a sample, or why it cannot be yet.
import type { ModelView } from "../api/types";
import { CodeText } from "../editor/CodeText";
import type { ModelSource } from "./modelSource";
import { TryIt } from "./TryIt";
import { useAskedSample } from "./useAskedSample";
import type { ResultsLoad } from "./askedSample";
import { MISTAKES_ID } from "./MistakesPanel";

/** `live`: the run still trains, so its weights are still to come; `results`: its results on the
 * validation set as the page has them, whose misclassified samples its address may open (#sample=12). */
export function TryItPanel({ view, source, live, results }: { view: ModelView; source: ModelSource; live: boolean; results: ResultsLoad }) {
  const asked = useAskedSample(results);
  return (
    <section className="panel" aria-label="Try it">
      <h2>Try it</h2>
      {view.has_weights && view.over_limits ? (
        <p className="muted" data-testid="try-it-over-limits">
          This server will not run the model: {/* the reason stands alone in a 422; here it goes on the sentence */}
          <CodeText text={view.over_limits.charAt(0).toLowerCase() + view.over_limits.slice(1)} />
        </p>
      ) : view.has_weights ? (
        <>
          {asked && !asked.sample && (
            <p className={asked.problem ? "try-sample-problem" : "muted"} role="status" data-testid="try-sample-problem">
              {asked.problem ?? `Loading validation sample #${asked.index}…`}
              {asked.toMistakes && (
                <>
                  {" "}
                  <a href={`#${MISTAKES_ID}`} data-testid="to-mistakes">
                    Show the mistakes
                  </a>
                </>
              )}
            </p>
          )}
          {/* A new sample asked: Try it starts again from it. */}
          <TryIt key={asked?.sample?.index ?? "free"} view={view} source={source} opened={asked?.sample ?? null} />
        </>
      ) : (
        <p className="muted" data-testid="try-it-waits">
          {live ? "Try it opens when the run ends, with the weights it reached." : "This run saved no weights."}
        </p>
      )}
    </section>
  );
}
