// A run's warnings as a person reads them: one line for each kind at each step, the first layer's
// message in full and the others named after it. A deep stack's vanishing gradients were nine
// boxes of the same advice, one a layer.
import type { WarningEvent } from "../../api/types";

export interface WarningGroup {
  first: WarningEvent;
  /** The other layers the same thing was said of at the same step, in the order said. */
  others: WarningEvent[];
}

export function groupWarnings(warnings: readonly WarningEvent[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const warning of warnings) {
    const key = `${warning.kind}@${warning.step}`;
    const group = groups.get(key);
    if (group) group.others.push(warning);
    else groups.set(key, { first: warning, others: [] });
  }
  return [...groups.values()];
}
