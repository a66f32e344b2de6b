// Plain-words warnings about training going wrong: vanishing or exploding gradients, dead ReLUs,
// and classes the split left untrained or untested.
// One line for each kind at each step: the first layer's message, then the others it was said of,
// whose own messages open under it.
import { formatCount } from "../../editor/format";
import type { WarningEvent } from "../../api/types";
import { CodeText } from "../../editor/CodeText";
import { groupWarnings } from "./warningGroups";

export function RunWarnings({ warnings }: { warnings: WarningEvent[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="run-warnings" data-testid="run-warnings" role="status">
      {groupWarnings(warnings).map(({ first, others }) => (
        <li key={first.seq} data-kind={first.kind}>
          {/* Step 0: said of the data as the run starts (a class the test set took all of). */}
          <span className="warning-step">{first.step > 0 ? `step ${formatCount(first.step)}` : "at the start"}</span> <CodeText text={first.message} />
          {others.length > 0 && (
            <details className="warning-others" data-testid="warning-others">
              <summary>
                The same in {others.length === 1 ? "1 more layer" : `${others.length} more layers`}:{" "}
                <CodeText text={others.map((o) => `\`${o.layer}\``).join(", ")} />
              </summary>
              <ul>
                {others.map((o) => (
                  <li key={o.seq}>
                    <CodeText text={o.message} />
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
