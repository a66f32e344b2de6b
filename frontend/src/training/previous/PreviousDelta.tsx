// Under a run's result: how far its accuracy moved from the earlier run's ("+3.1 points vs previous").
import type { RunMetrics } from "../../api/types";
import { deltaText, type PreviousRun } from "./previousOverlay";

interface Props {
  previous: PreviousRun | null;
  metrics: RunMetrics | null;
  ended: boolean;
  classification: boolean;
}

export function PreviousDelta({ previous, metrics, ended, classification }: Props) {
  const text = previous && metrics ? deltaText(previous, metrics, ended, classification) : null;
  if (!text || !previous) return null;
  const better = classification ? text.startsWith("+") : text.includes("lower");
  return (
    <p className={better ? "previous-delta is-better" : "previous-delta"} data-testid="previous-delta" title={previous.label}>
      {text}
    </p>
  );
}
