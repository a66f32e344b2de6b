// A regression's validation error in its target's own units: the loss beside it is measured on
// the target as it trained, which an upload or a built-in set may have scaled (price 19–128 read
// as a loss of 0.0012), so the loss alone does not say how far off the model is.
import type { RunResults } from "../../api/types";

type Points = NonNullable<RunResults["regression"]>;

/** 3 significant digits, as a person reads an error: 1.13, 27.4, 0.00412. */
const readable = (value: number) => String(Number(value.toPrecision(3)));

export function RegressionErrors({ points }: { points: Points }) {
  if (points.mae === null || points.mae === undefined || points.rmse === null || points.rmse === undefined) return null;
  return (
    <p className="muted regression-errors" data-testid="regression-errors">
      Off by {readable(points.mae)} on average (root mean square {readable(points.rmse)}), in the target's own units.
      {points.target_scale ? ` The loss is measured on the target divided by ${readable(points.target_scale)}, its spread, so it reads smaller.` : ""}
    </p>
  );
}
