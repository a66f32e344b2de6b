// Plain-words warnings about training going wrong: vanishing or exploding gradients, dead ReLUs.
import type { WarningEvent } from "../../api/types";

export function RunWarnings({ warnings }: { warnings: WarningEvent[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="run-warnings" data-testid="run-warnings" role="status">
      {warnings.map((w) => (
        <li key={w.seq} data-kind={w.kind}>
          <span className="warning-step">step {w.step}</span> {w.message}
        </li>
      ))}
    </ul>
  );
}
