// Whether a run has weights to download: asked again each time it ends (a stopped run keeps the
// weights it reached; one cancelled before its first step, or one that failed, has none of its own).
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";

/** `endSeq`: the seq of the run's end event, 0 while it has none. */
export function useHasWeights(runId: string, endSeq: number): boolean {
  const [hasWeights, setHasWeights] = useState(false);
  useEffect(() => {
    setHasWeights(false);
    if (endSeq === 0) return;
    let current = true;
    unwrap(client.GET("/api/models/{run_id}", runPath(runId))).then(
      (view) => current && setHasWeights(view.has_weights),
      () => undefined, // the page reports a run it cannot read
    );
    return () => {
      current = false;
    };
  }, [runId, endSeq]);
  return hasWeights;
}
