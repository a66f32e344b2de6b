// Accuracy per class as bars, so the weakest classes stand out.
import type { RunResults } from "../../api/types";

type ClassResult = NonNullable<RunResults["per_class"]>[number];

export function ClassAccuracy({ classes }: { classes: ClassResult[] }) {
  return (
    <ul className="class-accuracy" data-testid="class-accuracy">
      {classes.map((c) => {
        const percent = c.accuracy == null ? null : c.accuracy * 100;
        return (
          <li key={c.name}>
            <span className="class-name" title={c.name}>{c.name}</span>
            <span className="bar">
              <span style={{ width: `${percent ?? 0}%` }} />
            </span>
            <span className="class-value">{percent == null ? "—" : `${percent.toFixed(0)}%`}</span>
            <span className="muted">n={c.count}</span>
          </li>
        );
      })}
    </ul>
  );
}
