// Frozen layers that would keep freshly initialised weights: a frozen layer keeps the weights it
// starts with, so one the run started from does not give stays random for the whole run.
import type { StartMatch } from "./useStartMatch";

function listed(ids: string[]): string {
  const last = ids[ids.length - 1] ?? "";
  return ids.length === 1 ? last : `${ids.slice(0, -1).join(", ")} and ${last}`;
}

/** What to tell before Train when a frozen layer would start (and so stay) fresh; null when none
 * would, or while what the run gives is not known yet. */
export function frozenFreshWarning(frozen: string[], runId: string | null | undefined, match: StartMatch): string | null {
  if (frozen.length === 0) return null;
  const one = frozen.length === 1;
  if (!runId) {
    return (
      `${listed(frozen)} ${one ? "is" : "are"} frozen but the weights are fresh, so ${one ? "it" : "they"} would keep ` +
      `${one ? "its" : "their"} random start: choose a run in Start from, or untick ${one ? "it" : "them"}.`
    );
  }
  if (match === null || match.problem !== null) return null;
  const fresh = match.match.layers.filter((layer) => frozen.includes(layer.layer) && layer.fresh.length > 0);
  if (fresh.length === 0) return null;
  const some = fresh.length === 1;
  const whys = fresh.map((layer) => `${layer.layer}: ${layer.fresh.join(", ")}`).join("; ");
  return (
    `${listed(fresh.map((layer) => layer.layer))} ${some ? "is" : "are"} frozen but run ${runId} does not give all ` +
    `${some ? "its" : "their"} tensors (${whys}), so those would keep their random start: untick ${some ? "it" : "them"}, ` +
    `or give ${some ? "it" : "them"} the id and sizes ${some ? "it has" : "they have"} in that run.`
  );
}
