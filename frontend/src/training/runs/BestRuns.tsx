// Above the compared runs' charts: which run reached the highest validation accuracy and which the
// lowest validation loss, each in its line's colour, so the best of a sweep is read, not hunted.
import type { RunInfo } from "../../api/types";
import { cssColor } from "../chartTheme";
import { metricText } from "../metricText";
import { bestRuns, type Best } from "./bestRuns";

interface Props {
  runs: RunInfo[];
  labels: Map<string, string>;
  colourOf: (id: string) => string | undefined;
}

function Named({ best, labels, colourOf }: { best: Best; labels: Map<string, string>; colourOf: Props["colourOf"] }) {
  return best.runs.map((run, i) => (
    <span key={run.id}>
      {i === 0 ? "" : i === best.runs.length - 1 ? " and " : ", "}
      <span className="swatch" style={{ background: cssColor(colourOf(run.id) ?? "") }} />
      {labels.get(run.id)}
    </span>
  ));
}

export function BestRuns({ runs, labels, colourOf }: Props) {
  const { accuracy, loss } = bestRuns(runs);
  if (!accuracy && !loss) return null;
  return (
    <p className="best-runs" data-testid="overlay-best">
      {accuracy && (
        <span data-testid="overlay-best-accuracy">
          Highest validation accuracy, {(accuracy.value * 100).toFixed(1)}%: <Named best={accuracy} labels={labels} colourOf={colourOf} />.
        </span>
      )}{" "}
      {loss && (
        <span data-testid="overlay-best-loss">
          Lowest validation loss, {metricText(loss.value)}: <Named best={loss} labels={labels} colourOf={colourOf} />.
        </span>
      )}
    </p>
  );
}
