// The model page's Try it panel: the model tried on a sample, or why it cannot be yet.
import type { ModelView } from "../api/types";
import { CodeText } from "../editor/CodeText";
import type { ModelSource } from "./modelSource";
import { TryIt } from "./TryIt";

/** `live`: the run still trains, so its weights are still to come. */
export function TryItPanel({ view, source, live }: { view: ModelView; source: ModelSource; live: boolean }) {
  return (
    <section className="panel" aria-label="Try it">
      <h2>Try it</h2>
      {view.has_weights && view.over_limits ? (
        <p className="muted" data-testid="try-it-over-limits">
          This server will not run the model: {/* the reason stands alone in a 422; here it goes on the sentence */}
          <CodeText text={view.over_limits.charAt(0).toLowerCase() + view.over_limits.slice(1)} />
        </p>
      ) : view.has_weights ? (
        <TryIt view={view} source={source} />
      ) : (
        <p className="muted" data-testid="try-it-waits">
          {live ? "Try it opens when the run ends, with the weights it reached." : "This run saved no weights."}
        </p>
      )}
    </section>
  );
}
